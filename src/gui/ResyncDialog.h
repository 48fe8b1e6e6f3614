#pragma once

#include "common/Result.h"
#include "store/SyncStore.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace Breezee {

class IntegrationController;
class SyncPreview;
struct CompanyPreview;
struct ProspectPreview;
struct SyncPreviewResult;

// Resyncs one prospect after showing what the sync would send. Check boxes
// choose the parts (fields, notes, company link, or all), and the preview
// lists, for each chosen part, what HubSpot would receive. The preview
// reads HubSpot and writes nothing, and Resync only queues the prospect.
class ResyncDialog : public QDialog {
    Q_OBJECT

public:
    ResyncDialog(IntegrationController *controller, const QString &connectionName, qint64 prospectId,
                 QWidget *parent = nullptr);
    ~ResyncDialog() override;

    qint64 prospectId() const { return m_prospectId; }
    SyncParts parts() const;
    void setParts(SyncParts parts);

    bool isPreviewReady() const { return m_previewReady; }
    QString statusText() const;
    QTreeView *previewTree() const { return m_tree; }
    // Rows: the contact, the fields, the notes and the company link, each
    // with its details as children.
    QStandardItemModel *previewModel() const { return m_model; }
    QPushButton *resyncButton() const { return m_resyncButton; }

    // The preview's texts, for tests and for copying: the decision column
    // of one property, the note rows, and the company row.
    QString fieldDecisionText(const QString &property) const;
    QStringList noteTexts() const;
    QString companyText() const;

signals:
    // The prospect went back on the queue for `parts`.
    void resyncQueued(qint64 prospectId, Breezee::SyncParts parts);

private:
    void setUpWidgets();
    void startPreview();
    void showPreview(const SyncPreviewResult &result);
    void showPreviewError(const Error &error);
    void populateContact(const ProspectPreview &preview);
    void populateFields(const ProspectPreview &preview);
    void populateNotes(const ProspectPreview &preview);
    void populateCompany(const ProspectPreview &preview);
    void setSection(QStandardItem *section, const QString &summary);
    void setAllParts(bool checked);
    void updateParts();
    void resync();

    IntegrationController *m_controller;
    QString m_connectionName;
    qint64 m_prospectId;
    QPointer<SyncPreview> m_preview;
    bool m_previewReady = false;

    QCheckBox *m_allBox = nullptr;
    QCheckBox *m_fieldsBox = nullptr;
    QCheckBox *m_notesBox = nullptr;
    QCheckBox *m_companyBox = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTreeView *m_tree = nullptr;
    QStandardItemModel *m_model = nullptr;
    QStandardItem *m_contactItem = nullptr;
    QStandardItem *m_fieldsItem = nullptr;
    QStandardItem *m_notesItem = nullptr;
    QStandardItem *m_companyItem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_resyncButton = nullptr;
};

// Returns the translated name of a note kind, for example "Chat summary".
QString noteKindText(const QString &kind);

// Describes what the sync would do with a prospect's company, for example
// "Creates the HubSpot company "Acme" and links it".
QString companyPreviewText(const CompanyPreview &company);

} // namespace Breezee
