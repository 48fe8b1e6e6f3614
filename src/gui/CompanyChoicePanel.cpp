#include "CompanyChoicePanel.h"

#include "StatusTone.h"
#include "common/Logging.h"
#include "hubspot/CompanyMatcher.h"
#include "store/SyncStore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSqlDatabase>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Breezee {

namespace {

const QString kAmbiguous = QStringLiteral("ambiguous");
const QString kChosen = QStringLiteral("chosen");

QList<CompanyCandidate> parseCandidates(const QString &json)
{
    QList<CompanyCandidate> candidates;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        const QString id = object.value(QLatin1String("id")).toString();
        if (!id.isEmpty())
            candidates << CompanyCandidate{id, object.value(QLatin1String("name")).toString()};
    }
    return candidates;
}

} // namespace

CompanyChoicePanel::CompanyChoicePanel(QString connectionName, QWidget *parent)
    : QFrame(parent)
    , m_connectionName(std::move(connectionName))
{
    setObjectName(QStringLiteral("companyChoicePanel"));
    setFrameShape(QFrame::StyledPanel);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(4);

    m_titleLabel = new QLabel(this);
    QFont bold = font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    layout->addWidget(m_titleLabel);

    m_explanationLabel = new QLabel(this);
    m_explanationLabel->setWordWrap(true);
    layout->addWidget(m_explanationLabel);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("companyCandidatesTree"));
    m_tree->setAccessibleName(tr("HubSpot companies with this name"));
    m_tree->setHeaderLabels({tr("HubSpot ID"), tr("Name")});
    m_tree->setRootIsDecorated(false);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree);

    auto *buttonLayout = new QHBoxLayout;
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("companyChoiceMessage"));
    m_messageLabel->setWordWrap(true);
    buttonLayout->addWidget(m_messageLabel, 1);
    m_chooseButton = new QPushButton(tr("C&hoose"), this);
    m_chooseButton->setObjectName(QStringLiteral("chooseCompanyButton"));
    m_chooseButton->setAccessibleName(tr("Link the selected HubSpot company"));
    buttonLayout->addWidget(m_chooseButton, 0, Qt::AlignTop);
    layout->addLayout(buttonLayout);

    connect(m_chooseButton, &QPushButton::clicked, this, &CompanyChoicePanel::chooseSelected);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &CompanyChoicePanel::updateChooseButton);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, &CompanyChoicePanel::chooseSelected);

    hide();
}

CompanyChoicePanel::~CompanyChoicePanel() = default;

void CompanyChoicePanel::showProspect(qint64 prospectId)
{
    // The result message of a choice stays while the same prospect is
    // shown again.
    if (prospectId != m_prospectId)
        m_messageLabel->clear();
    m_prospectId = prospectId;
    m_chosenId.clear();
    m_tree->clear();

    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (prospectId <= 0 || !db.isOpen()) {
        hide();
        return;
    }

    const SyncStore store(db);
    const CompanyLink link = store.companyLinks({prospectId}).value(prospectId);
    if (link.status != kAmbiguous && link.status != kChosen) {
        hide();
        return;
    }

    const StoredCompany company = store.companies({link.normalizedName}).value(link.normalizedName);
    const QList<CompanyCandidate> candidates = parseCandidates(company.candidates);
    const QString name = company.displayName.isEmpty() ? link.normalizedName : company.displayName;
    for (const CompanyCandidate &candidate : candidates)
        new QTreeWidgetItem(m_tree, {candidate.id, candidate.name});

    if (link.status == kChosen) {
        m_chosenId = link.remoteCompanyId;
        m_titleLabel->setText(tr("Company chosen"));
        m_explanationLabel->setText(tr("HubSpot company %1 was chosen for \"%2\"; the next sync links it. "
                                       "Choose another to change it.")
                                        .arg(link.remoteCompanyId, name));
        selectCandidate(link.remoteCompanyId);
    } else {
        m_titleLabel->setText(tr("Company ambiguous"));
        m_explanationLabel->setText(tr("%1 HubSpot companies are named \"%2\", so the sync linked none. Choose the "
                                       "one this prospect works for.")
                                        .arg(candidates.size())
                                        .arg(name));
    }
    if (candidates.isEmpty())
        showMessage(tr("The candidates are no longer stored. Resync the company link to look them up again."), true);

    updateChooseButton();
    show();
}

QString CompanyChoicePanel::titleText() const
{
    return m_titleLabel->text();
}

QString CompanyChoicePanel::messageText() const
{
    return m_messageLabel->text();
}

QStringList CompanyChoicePanel::candidateIds() const
{
    QStringList ids;
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row)
        ids << m_tree->topLevelItem(row)->text(0);
    return ids;
}

bool CompanyChoicePanel::selectCandidate(const QString &remoteCompanyId)
{
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_tree->topLevelItem(row);
        if (item->text(0) == remoteCompanyId) {
            m_tree->setCurrentItem(item);
            item->setSelected(true);
            return true;
        }
    }
    return false;
}

void CompanyChoicePanel::chooseSelected()
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    if (!item || !item->isSelected() || m_prospectId <= 0)
        return;

    const QString remoteId = item->text(0);
    SyncStore store(QSqlDatabase::database(m_connectionName, false));
    if (const Status status = store.chooseCompany(m_prospectId, remoteId)) {
        qCWarning(lcGui) << "choosing company" << remoteId << "for prospect" << m_prospectId
                         << "failed:" << status->code;
        showMessage(status->message, true);
        return;
    }

    qCInfo(lcGui) << "company" << remoteId << "chosen for prospect" << m_prospectId;
    m_chosenId = remoteId;
    showMessage(tr("HubSpot company %1 (%2) will be linked at the next sync.").arg(remoteId, item->text(1)), false);
    updateChooseButton();
    emit companyChosen(m_prospectId, remoteId);
}

void CompanyChoicePanel::updateChooseButton()
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    const bool selected = item && item->isSelected();
    m_chooseButton->setEnabled(selected && item->text(0) != m_chosenId);
}

void CompanyChoicePanel::showMessage(const QString &text, bool isError)
{
    QPalette palette = m_messageLabel->palette();
    palette.setColor(QPalette::WindowText,
                     isError ? toneColour(Tone::Danger, this->palette()) : this->palette().color(QPalette::WindowText));
    m_messageLabel->setPalette(palette);
    m_messageLabel->setText(text);
}

} // namespace Breezee
