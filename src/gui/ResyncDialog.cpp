#include "ResyncDialog.h"

#include "ProspectDetails.h"
#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "preview/SyncPreview.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSqlDatabase>
#include <QStandardItemModel>
#include <QTextDocumentFragment>
#include <QTreeView>
#include <QVBoxLayout>

namespace Breezee {

namespace {

const int kPropertyRole = Qt::UserRole + 1;
const int kNoteExcerptLength = 80;

QString propertyDisplayName(const QString &property)
{
    for (const QList<PropertyInfo> *list : {&standardProperties(), &breezeeProperties()}) {
        for (const PropertyInfo &info : *list) {
            if (property == QLatin1String(info.name))
                return propertyLabel(info);
        }
    }
    return property;
}

QString decisionText(const FieldPreview &field)
{
    if (field.decision == FieldPreviewDecision::KeptRemote)
        return ResyncDialog::tr("Kept HubSpot's value '%1'").arg(field.remoteValue);
    return fieldPreviewDecisionText(field.decision);
}

QString noteExcerpt(const PlannedNote &note)
{
    const QString text = QTextDocumentFragment::fromHtml(note.body).toPlainText().simplified();
    if (text.size() <= kNoteExcerptLength)
        return text;
    return text.left(kNoteExcerptLength - 1) + QChar(0x2026);
}

// Appends a row of read-only cells under `parent`; `key` names it for
// lookups, for example a property name.
void addChild(QStandardItem *parent, const QString &key, const QStringList &texts)
{
    QList<QStandardItem *> row;
    for (const QString &text : texts) {
        auto *cell = new QStandardItem(text);
        cell->setEditable(false);
        cell->setToolTip(text);
        row << cell;
    }
    row.first()->setData(key, kPropertyRole);
    parent->appendRow(row);
}

QStandardItem *addSection(QStandardItemModel *model, const QString &title)
{
    QList<QStandardItem *> row;
    for (const QString &text : {title, QString(), QString()}) {
        auto *cell = new QStandardItem(text);
        cell->setEditable(false);
        row << cell;
    }
    model->appendRow(row);
    return row.first();
}

} // namespace

QString noteKindText(const QString &kind)
{
    if (kind == QLatin1String(NoteKind::ChatSummary))
        return ResyncDialog::tr("Chat summary");
    if (kind == QLatin1String(NoteKind::MeetingBooked))
        return ResyncDialog::tr("Meeting booked");
    if (kind == QLatin1String(NoteKind::FormSubmission))
        return ResyncDialog::tr("Form submission");
    if (kind == QLatin1String(NoteKind::Created))
        return ResyncDialog::tr("Created");
    if (kind == QLatin1String(NoteKind::ContactActivity))
        return ResyncDialog::tr("Contact activity");
    return kind;
}

QString companyPreviewText(const CompanyPreview &company)
{
    switch (company.outcome) {
    case CompanyPreviewOutcome::NoCompany:
        return ResyncDialog::tr("No company name, so nothing is linked");
    case CompanyPreviewOutcome::AlreadyLinked:
        return ResyncDialog::tr("Already linked to HubSpot company %1").arg(company.remoteId);
    case CompanyPreviewOutcome::Link:
        return ResyncDialog::tr("Links HubSpot company %1").arg(company.remoteId);
    case CompanyPreviewOutcome::LinkChosen:
        return ResyncDialog::tr("Links HubSpot company %1, chosen in the console").arg(company.remoteId);
    case CompanyPreviewOutcome::Create:
        return ResyncDialog::tr("Creates the HubSpot company \"%1\" and links it").arg(company.displayName);
    case CompanyPreviewOutcome::Ambiguous:
        return ResyncDialog::tr("Company ambiguous: %1 HubSpot companies are named \"%2\", so none is linked "
                                "until you choose one")
            .arg(company.candidates.size())
            .arg(company.displayName);
    case CompanyPreviewOutcome::Unknown:
        return ResyncDialog::tr("Not checked: the company search in HubSpot failed");
    }
    return QString();
}

ResyncDialog::ResyncDialog(IntegrationController *controller, const QString &connectionName, qint64 prospectId,
                           QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_connectionName(connectionName)
    , m_prospectId(prospectId)
{
    setObjectName(QStringLiteral("resyncDialog"));
    setWindowTitle(tr("Resync Prospect %1").arg(prospectId));
    setUpWidgets();
    setParts(allSyncParts());
    startPreview();
}

ResyncDialog::~ResyncDialog() = default;

void ResyncDialog::setUpWidgets()
{
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("Choose what to send to HubSpot again. The preview shows what the resync "
                                "would change; nothing is sent until the sync runs."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *partsLayout = new QHBoxLayout;
    m_allBox = new QCheckBox(tr("&All"), this);
    m_fieldsBox = new QCheckBox(tr("&Fields"), this);
    m_notesBox = new QCheckBox(tr("&Notes"), this);
    m_companyBox = new QCheckBox(tr("&Company link"), this);
    m_allBox->setObjectName(QStringLiteral("allPartsBox"));
    m_fieldsBox->setObjectName(QStringLiteral("fieldsPartBox"));
    m_notesBox->setObjectName(QStringLiteral("notesPartBox"));
    m_companyBox->setObjectName(QStringLiteral("companyPartBox"));
    m_fieldsBox->setToolTip(tr("The standard fields, filled only where HubSpot is blank, and the Breezee properties"));
    m_notesBox->setToolTip(tr("Timeline notes that HubSpot does not have yet"));
    m_companyBox->setToolTip(tr("Looks the company up again, or links the one chosen in the console"));
    for (QCheckBox *box : {m_allBox, m_fieldsBox, m_notesBox, m_companyBox})
        partsLayout->addWidget(box);
    partsLayout->addStretch();
    layout->addLayout(partsLayout);

    connect(m_allBox, &QCheckBox::toggled, this, &ResyncDialog::setAllParts);
    for (QCheckBox *box : {m_fieldsBox, m_notesBox, m_companyBox})
        connect(box, &QCheckBox::toggled, this, &ResyncDialog::updateParts);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("previewStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel);

    m_model = new QStandardItemModel(this);
    m_model->setHorizontalHeaderLabels({tr("Item"), tr("In the console"), tr("What HubSpot gets")});
    m_contactItem = addSection(m_model, tr("Contact"));
    m_fieldsItem = addSection(m_model, tr("Fields"));
    m_notesItem = addSection(m_model, tr("Notes"));
    m_companyItem = addSection(m_model, tr("Company link"));

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("previewTree"));
    m_tree->setAccessibleName(tr("What the resync would send"));
    m_tree->setModel(m_model);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setWordWrap(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_resyncButton = m_buttons->addButton(tr("&Resync"), QDialogButtonBox::AcceptRole);
    m_resyncButton->setObjectName(QStringLiteral("resyncButton"));
    m_resyncButton->setDefault(true);
    connect(m_resyncButton, &QPushButton::clicked, this, &ResyncDialog::resync);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    resize(760, 560);
}

SyncParts ResyncDialog::parts() const
{
    SyncParts parts;
    if (m_fieldsBox->isChecked())
        parts |= SyncPart::Fields;
    if (m_notesBox->isChecked())
        parts |= SyncPart::Notes;
    if (m_companyBox->isChecked())
        parts |= SyncPart::Company;
    return parts;
}

void ResyncDialog::setParts(SyncParts parts)
{
    {
        const QSignalBlocker fields(m_fieldsBox);
        const QSignalBlocker notes(m_notesBox);
        const QSignalBlocker company(m_companyBox);
        m_fieldsBox->setChecked(parts.testFlag(SyncPart::Fields));
        m_notesBox->setChecked(parts.testFlag(SyncPart::Notes));
        m_companyBox->setChecked(parts.testFlag(SyncPart::Company));
    }
    updateParts();
}

QString ResyncDialog::statusText() const
{
    return m_statusLabel->text();
}

QString ResyncDialog::fieldDecisionText(const QString &property) const
{
    for (int row = 0; row < m_fieldsItem->rowCount(); ++row) {
        if (m_fieldsItem->child(row, 0)->data(kPropertyRole).toString() == property)
            return m_fieldsItem->child(row, 2)->text();
    }
    return QString();
}

QStringList ResyncDialog::noteTexts() const
{
    QStringList texts;
    for (int row = 0; row < m_notesItem->rowCount(); ++row)
        texts << m_notesItem->child(row, 0)->text() + QStringLiteral(": ") + m_notesItem->child(row, 2)->text();
    return texts;
}

QString ResyncDialog::companyText() const
{
    return m_model->item(m_companyItem->row(), 2)->text();
}

void ResyncDialog::startPreview()
{
    m_statusLabel->setText(tr("Reading HubSpot to preview the resync…"));

    const auto preview = m_controller->createSyncPreview(QSqlDatabase::database(m_connectionName, false), this);
    if (!preview.ok()) {
        showPreviewError(preview.error());
        return;
    }

    m_preview = preview.value();
    // The resync of the company part looks the company up again.
    m_preview->setLookUpCompaniesAgain(true);
    connect(m_preview, &SyncPreview::finished, this, &ResyncDialog::showPreview);
    connect(m_preview, &SyncPreview::errorOccurred, this, &ResyncDialog::showPreviewError);
    m_preview->previewProspects({m_prospectId});
}

void ResyncDialog::showPreview(const SyncPreviewResult &result)
{
    const ProspectPreview *preview = result.prospect(m_prospectId);
    if (!preview) {
        showPreviewError({QStringLiteral("not_found"), tr("Prospect %1 no longer exists.").arg(m_prospectId)});
        return;
    }

    m_previewReady = true;
    m_statusLabel->setText(preview->isSkipped()
                               ? tr("The sync would skip this prospect: %1").arg(preview->skipReason)
                               : tr("This is what the resync would send to HubSpot."));
    if (!result.warnings.isEmpty())
        m_statusLabel->setText(m_statusLabel->text() + QLatin1Char('\n') + result.warnings.join(QLatin1Char('\n')));

    populateContact(*preview);
    populateFields(*preview);
    populateNotes(*preview);
    populateCompany(*preview);
    m_tree->expandAll();
    // The item and console columns fit their texts; the outcome takes the rest.
    m_tree->resizeColumnToContents(0);
    m_tree->resizeColumnToContents(1);
    updateParts();
}

void ResyncDialog::showPreviewError(const Error &error)
{
    qCInfo(lcGui) << "resync preview unavailable:" << error.code;
    m_statusLabel->setText(tr("No preview: %1\nResync still puts the prospect back on the queue.").arg(error.message));
}

void ResyncDialog::populateContact(const ProspectPreview &preview)
{
    QString text;
    if (preview.isSkipped())
        text = preview.skipReason;
    else if (preview.createContact)
        text = tr("Creates a new HubSpot contact for %1").arg(preview.email);
    else
        text = tr("Updates HubSpot contact %1").arg(preview.remoteId);
    setSection(m_contactItem, text);
}

void ResyncDialog::populateFields(const ProspectPreview &preview)
{
    m_fieldsItem->removeRows(0, m_fieldsItem->rowCount());
    for (const FieldPreview &field : preview.fields)
        addChild(m_fieldsItem, field.property,
                 {propertyDisplayName(field.property), breezeeValueText(field.property, field.localValue),
                  decisionText(field)});

    int written = 0;
    for (const FieldPreview &field : preview.fields) {
        if (field.decision == FieldPreviewDecision::Written)
            ++written;
    }
    setSection(m_fieldsItem, written == 0 ? tr("Nothing to write") : tr("%1 written").arg(written));
}

void ResyncDialog::populateNotes(const ProspectPreview &preview)
{
    m_notesItem->removeRows(0, m_notesItem->rowCount());
    const QLocale locale;
    for (const PlannedNote &note : preview.notesToPost)
        addChild(m_notesItem, note.key(),
                 {noteKindText(note.kind), locale.toString(note.occurredAt.toLocalTime(), QLocale::ShortFormat),
                  noteExcerpt(note)});

    setSection(m_notesItem, preview.notesToPost.isEmpty() ? tr("No new notes")
                                                           : tr("%1 to post").arg(preview.notesToPost.size()));
}

void ResyncDialog::populateCompany(const ProspectPreview &preview)
{
    m_companyItem->removeRows(0, m_companyItem->rowCount());
    m_model->item(m_companyItem->row(), 1)->setText(preview.company.displayName);
    setSection(m_companyItem, companyPreviewText(preview.company));

    for (const CompanyCandidate &candidate : preview.company.candidates)
        addChild(m_companyItem, candidate.id, {candidate.id, candidate.name, tr("Candidate")});
}

// Shows a section's summary in the last column of its row.
void ResyncDialog::setSection(QStandardItem *section, const QString &summary)
{
    QStandardItem *cell = m_model->item(section->row(), 2);
    cell->setText(summary);
    cell->setToolTip(summary);
}

void ResyncDialog::setAllParts(bool checked)
{
    setParts(checked ? allSyncParts() : SyncParts());
}

// Keeps All in step with the three parts, shows the preview of the chosen
// parts only, and allows Resync when at least one part is chosen.
void ResyncDialog::updateParts()
{
    const SyncParts chosen = parts();
    {
        const QSignalBlocker blocker(m_allBox);
        m_allBox->setChecked(chosen == allSyncParts());
    }

    m_tree->setRowHidden(m_fieldsItem->row(), QModelIndex(), !chosen.testFlag(SyncPart::Fields));
    m_tree->setRowHidden(m_notesItem->row(), QModelIndex(), !chosen.testFlag(SyncPart::Notes));
    m_tree->setRowHidden(m_companyItem->row(), QModelIndex(), !chosen.testFlag(SyncPart::Company));
    m_resyncButton->setEnabled(chosen.toInt() != 0);
}

void ResyncDialog::resync()
{
    const SyncParts chosen = parts();
    if (!chosen)
        return;

    if (m_preview)
        m_preview->cancel();
    m_controller->resyncParts({m_prospectId}, chosen);
    qCInfo(lcGui) << "prospect" << m_prospectId << "queued for" << scopeText(chosen);
    emit resyncQueued(m_prospectId, chosen);
    accept();
}

} // namespace Breezee
