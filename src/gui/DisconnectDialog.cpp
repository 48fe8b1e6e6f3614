#include "DisconnectDialog.h"

#include "ui_DisconnectDialog.h"

#include <QPushButton>
#include <QStyle>
#include <QTextDocumentFragment>

namespace Breezee {

DisconnectDialog::DisconnectDialog(const QString &providerName, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::DisconnectDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Disconnect %1").arg(providerName));

    const QIcon icon = style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this);
    m_ui->iconLabel->setPixmap(icon.pixmap(32, 32));

    QFont questionFont = m_ui->questionLabel->font();
    questionFont.setBold(true);
    m_ui->questionLabel->setFont(questionFont);
    m_ui->questionLabel->setText(tr("Disconnect %1?").arg(providerName));

    const QString html = QStringLiteral("<ul style=\"margin-left: 0px; -qt-list-indent: 1;\">"
                                        "<li>%1</li><li>%2</li><li>%3</li></ul>")
                             .arg(tr("The sync to %1 stops.")
                                      .arg(providerName.toHtmlEscaped()),
                                  tr("The access token is revoked at %1 and removed from this "
                                     "computer's keychain.")
                                      .arg(providerName.toHtmlEscaped()),
                                  tr("Contacts already in %1 stay there. Nothing is deleted.")
                                      .arg(providerName.toHtmlEscaped()));
    m_ui->consequencesLabel->setText(html);

    m_disconnectButton = m_ui->buttonBox->addButton(tr("&Disconnect"), QDialogButtonBox::DestructiveRole);
    m_disconnectButton->setAccessibleName(tr("Disconnect %1").arg(providerName));
    connect(m_disconnectButton, &QPushButton::clicked, this, &QDialog::accept);

    QPushButton *cancel = m_ui->buttonBox->button(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Keep %1 connected").arg(providerName));
    cancel->setDefault(true);
    cancel->setFocus();

    adjustSize();
}

DisconnectDialog::~DisconnectDialog() = default;

QString DisconnectDialog::consequencesText() const
{
    return QTextDocumentFragment::fromHtml(m_ui->consequencesLabel->text()).toPlainText();
}

} // namespace Breezee
