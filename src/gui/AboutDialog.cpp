#include "AboutDialog.h"

#include "Icons.h"
#include "ui_AboutDialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextDocumentFragment>

namespace Breezee {

AboutDialog::AboutDialog(const Profile &profile, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(Icons::appIcon().pixmap(64, 64));

    QFont nameFont = m_ui->nameLabel->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    m_ui->nameLabel->setFont(nameFont);

    m_ui->versionLabel->setText(tr("Version %1 · Qt %2 (built with Qt %3)")
                                    .arg(QCoreApplication::applicationVersion(),
                                         QString::fromLatin1(qVersion()),
                                         QStringLiteral(QT_VERSION_STR)));
    m_ui->versionLabel->setText(m_ui->versionLabel->text() + QLatin1Char('\n')
                                + tr("Build %1").arg(QStringLiteral(BREEZEE_BUILD)));
    m_ui->versionLabel->setForegroundRole(QPalette::PlaceholderText);

    m_ui->profileValue->setText(profile.name);
    m_ui->dataDirectoryValue->setText(QDir::toNativeSeparators(profile.dataDirectory));
    m_ui->databaseValue->setText(profile.database.displayName());
    m_ui->credentialsValue->setText(QDir::toNativeSeparators(profile.credentialsFile));

    const QString licences =
        QStringLiteral("<p>%1</p><p>%2</p>")
            .arg(tr("<b>Contacts sample</b> from the atomic-crm project, under the MIT License."),
                 tr("<b>Salesforce leads sample</b>, dedicated to the public domain under CC0 1.0 "
                    "Universal."));
    m_ui->licencesLabel->setText(licences);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionText() const
{
    return m_ui->versionLabel->text();
}

QString AboutDialog::licencesText() const
{
    return QTextDocumentFragment::fromHtml(m_ui->licencesLabel->text()).toPlainText();
}

} // namespace Breezee
