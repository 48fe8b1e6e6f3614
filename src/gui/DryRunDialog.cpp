#include "DryRunDialog.h"

#include "common/Logging.h"
#include "integration/IntegrationController.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSqlDatabase>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Breezee {

namespace {

QList<QStandardItem *> readOnlyRow(const QStringList &texts)
{
    QList<QStandardItem *> row;
    for (const QString &text : texts) {
        auto *cell = new QStandardItem(text);
        cell->setEditable(false);
        row << cell;
    }
    return row;
}

} // namespace

DryRunDialog::DryRunDialog(IntegrationController *controller, const QString &connectionName, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_connectionName(connectionName)
{
    setObjectName(QStringLiteral("dryRunDialog"));
    setWindowTitle(tr("First Sync to HubSpot"));
    setUpWidgets();

    connect(this, &QDialog::accepted, m_controller, &IntegrationController::confirmFirstSync);
    connect(this, &QDialog::rejected, m_controller, &IntegrationController::cancelFirstSync);
    startPreview();
}

DryRunDialog::~DryRunDialog() = default;

void DryRunDialog::setUpWidgets()
{
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("This is the first sync of this connection. Nothing has been sent to HubSpot "
                                "yet: this dry run shows what the sync would do. It starts only when you press "
                                "Start sync."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("dryRunStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel);

    m_totalsLayout = new QFormLayout;
    addTotalRow(QStringLiteral("prospects"), tr("Prospects queued:"));
    addTotalRow(QStringLiteral("contactsToCreate"), tr("Contacts to create:"));
    addTotalRow(QStringLiteral("contactsMatched"), tr("Contacts matched by email:"));
    addTotalRow(QStringLiteral("prospectsSkipped"), tr("Prospects skipped:"));
    addTotalRow(QStringLiteral("companiesToCreate"), tr("Companies to create:"));
    addTotalRow(QStringLiteral("companiesToLink"), tr("Existing companies to link:"));
    addTotalRow(QStringLiteral("companiesAmbiguous"), tr("Ambiguous company names:"));
    addTotalRow(QStringLiteral("propertiesToCreate"), tr("Properties to create:"));
    addTotalRow(QStringLiteral("notesToPost"), tr("Notes to post:"));
    layout->addLayout(m_totalsLayout);

    m_ambiguousHeading = new QLabel(tr("Ambiguous companies: several HubSpot companies have the name, so the sync "
                                       "links none of them. Choose one for each prospect on the Contacts page."),
                                    this);
    m_ambiguousHeading->setWordWrap(true);
    m_ambiguousHeading->hide();
    layout->addWidget(m_ambiguousHeading);

    m_ambiguousModel = new QStandardItemModel(this);
    m_ambiguousModel->setHorizontalHeaderLabels({tr("Company name"), tr("HubSpot company"), tr("Prospects")});
    m_ambiguousTree = new QTreeView(this);
    m_ambiguousTree->setObjectName(QStringLiteral("ambiguousTree"));
    m_ambiguousTree->setAccessibleName(tr("Ambiguous company names and their HubSpot candidates"));
    m_ambiguousTree->setModel(m_ambiguousModel);
    m_ambiguousTree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ambiguousTree->setSelectionMode(QAbstractItemView::NoSelection);
    m_ambiguousTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ambiguousTree->hide();
    layout->addWidget(m_ambiguousTree, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_startButton = buttons->addButton(tr("&Start sync"), QDialogButtonBox::AcceptRole);
    m_startButton->setObjectName(QStringLiteral("startSyncButton"));
    m_startButton->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    resize(640, 520);
}

void DryRunDialog::addTotalRow(const QString &key, const QString &label)
{
    auto *value = new QLabel(QStringLiteral("…"), this);
    value->setObjectName(key + QStringLiteral("Label"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_totalsLayout->addRow(label, value);
    m_totalLabels.insert(key, value);
}

QString DryRunDialog::statusText() const
{
    return m_statusLabel->text();
}

QString DryRunDialog::totalText(const QString &key) const
{
    const QLabel *label = m_totalLabels.value(key);
    return label ? label->text() : QString();
}

void DryRunDialog::startPreview()
{
    m_statusLabel->setText(tr("Reading HubSpot for the dry run…"));

    const auto preview = m_controller->createSyncPreview(QSqlDatabase::database(m_connectionName, false), this);
    if (!preview.ok()) {
        showPreviewError(preview.error());
        return;
    }

    m_preview = preview.value();
    connect(m_preview, &SyncPreview::finished, this, &DryRunDialog::showPreview);
    connect(m_preview, &SyncPreview::errorOccurred, this, &DryRunDialog::showPreviewError);
    m_preview->previewQueue();
}

void DryRunDialog::showPreview(const SyncPreviewResult &result)
{
    m_previewReady = true;
    m_totals = result.totals;

    setTotal(QStringLiteral("prospects"), m_totals.prospects);
    setTotal(QStringLiteral("contactsToCreate"), m_totals.contactsToCreate);
    setTotal(QStringLiteral("contactsMatched"), m_totals.contactsMatched);
    setTotal(QStringLiteral("prospectsSkipped"), m_totals.prospectsSkipped,
             m_totals.prospectsSkipped > 0 ? tr("no valid email address") : QString());
    setTotal(QStringLiteral("companiesToCreate"), m_totals.companiesToCreate);
    setTotal(QStringLiteral("companiesToLink"), m_totals.companiesToLink);
    setTotal(QStringLiteral("companiesAmbiguous"), m_totals.companiesAmbiguous);
    setTotal(QStringLiteral("propertiesToCreate"), m_totals.propertiesToCreate,
             result.missingProperties.join(QStringLiteral(", ")));
    setTotal(QStringLiteral("notesToPost"), m_totals.notesToPost);

    m_ambiguousModel->removeRows(0, m_ambiguousModel->rowCount());
    for (const AmbiguousCompany &company : result.ambiguousCompanies) {
        QStringList prospects;
        for (qint64 id : company.prospectIds)
            prospects << QString::number(id);
        const QList<QStandardItem *> nameRow =
            readOnlyRow({company.displayName, QString(), prospects.join(QStringLiteral(", "))});
        for (const CompanyCandidate &candidate : company.candidates)
            nameRow.first()->appendRow(readOnlyRow({QString(), tr("%1 (id %2)").arg(candidate.name, candidate.id),
                                                    QString()}));
        m_ambiguousModel->appendRow(nameRow);
    }
    m_ambiguousTree->expandAll();
    m_ambiguousTree->resizeColumnToContents(0);
    m_ambiguousTree->resizeColumnToContents(1);
    m_ambiguousHeading->setVisible(!result.ambiguousCompanies.isEmpty());
    m_ambiguousTree->setVisible(!result.ambiguousCompanies.isEmpty());

    QString status = tr("Dry run finished. Nothing was written to HubSpot.");
    if (!result.warnings.isEmpty())
        status += QLatin1Char('\n') + result.warnings.join(QLatin1Char('\n'));
    m_statusLabel->setText(status);
    m_startButton->setEnabled(true);
}

void DryRunDialog::showPreviewError(const Error &error)
{
    qCWarning(lcGui) << "dry run failed:" << error.code;
    m_previewFailed = true;
    m_statusLabel->setText(tr("The dry run failed: %1\nYou can still start the sync, or cancel and try again "
                              "with Resync on the Contacts page.")
                               .arg(error.message));
    m_startButton->setEnabled(true);
}

void DryRunDialog::setTotal(const QString &key, int value, const QString &detail)
{
    QLabel *label = m_totalLabels.value(key);
    if (!label)
        return;

    const QString number = QLocale().toString(value);
    label->setText(detail.isEmpty() ? number : tr("%1 (%2)").arg(number, detail));
}

} // namespace Breezee
