#pragma once

#include "common/Result.h"
#include "preview/SyncPreview.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class QFormLayout;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTreeView;

namespace Breezee {

class IntegrationController;

// The dry run before the first sync of a connection: it previews every
// queued prospect and shows the totals (contacts to create and matched,
// companies to create, link and ambiguous, properties to create) and the
// ambiguous company names. Start sync confirms the first sync; Cancel
// leaves every prospect queued and nothing written.
class DryRunDialog : public QDialog {
    Q_OBJECT

public:
    DryRunDialog(IntegrationController *controller, const QString &connectionName, QWidget *parent = nullptr);
    ~DryRunDialog() override;

    bool isPreviewReady() const { return m_previewReady; }
    bool hasPreviewFailed() const { return m_previewFailed; }
    SyncPreviewTotals totals() const { return m_totals; }
    QString statusText() const;
    // The value shown for one total, by its key: "contactsToCreate",
    // "contactsMatched", "prospectsSkipped", "companiesToCreate",
    // "companiesToLink", "companiesAmbiguous", "propertiesToCreate" or
    // "notesToPost".
    QString totalText(const QString &key) const;
    QTreeView *ambiguousTree() const { return m_ambiguousTree; }
    // One row per ambiguous name (name, empty, prospect ids), with one child
    // row per HubSpot candidate (empty, "name (id N)").
    QStandardItemModel *ambiguousModel() const { return m_ambiguousModel; }
    QPushButton *startButton() const { return m_startButton; }

private:
    void setUpWidgets();
    void addTotalRow(const QString &key, const QString &label);
    void startPreview();
    void showPreview(const SyncPreviewResult &result);
    void showPreviewError(const Error &error);
    void setTotal(const QString &key, int value, const QString &detail = {});

    IntegrationController *m_controller;
    QString m_connectionName;
    QPointer<SyncPreview> m_preview;
    SyncPreviewTotals m_totals;
    bool m_previewReady = false;
    bool m_previewFailed = false;

    QLabel *m_statusLabel = nullptr;
    QFormLayout *m_totalsLayout = nullptr;
    QHash<QString, QLabel *> m_totalLabels;
    QLabel *m_ambiguousHeading = nullptr;
    QTreeView *m_ambiguousTree = nullptr;
    QStandardItemModel *m_ambiguousModel = nullptr;
    QPushButton *m_startButton = nullptr;
};

} // namespace Breezee
