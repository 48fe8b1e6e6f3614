#pragma once

#include "ProspectDetails.h"
#include "integration/IntegrationController.h"

#include <QUrl>
#include <QWidget>

#include <memory>
#include <optional>

class QPushButton;
class QTreeWidget;

namespace Breezee {

class CompanyChoicePanel;

namespace Ui {
class ProspectDetailPane;
}

// The selected prospect beside the contact table. It lists each HubSpot
// field with what the last sync did with it and the Breezee properties
// sent. It shows the HubSpot contact with a button that opens it, or why
// the prospect is not in HubSpot yet, and the candidates to choose from when
// its company name is ambiguous in HubSpot. Then come its sync history and
// its memories, which are never sent.
class ProspectDetailPane : public QWidget {
    Q_OBJECT

public:
    explicit ProspectDetailPane(QString connectionName, QWidget *parent = nullptr);
    ~ProspectDetailPane() override;

    // The INI file with the [hubspot] credential block. Its auth_base_url
    // is the HubSpot host that contact links point to.
    void setCredentialsFile(const QString &path);

    // The HubSpot card's state and account: the hub id goes into contact
    // links, and the state explains why a queued prospect waits.
    void setHubSpotStatus(const ProviderStatus &status);

    // Shows a prospect, or the placeholder for 0.
    void showProspect(qint64 prospectId);
    qint64 prospectId() const { return m_prospectId; }

    // Reads the shown prospect again.
    void reload();

    // The texts as shown, for tests and for copying.
    QString localValueText(const QString &property) const;
    QString decisionText(const QString &property) const;
    QString explanationText() const;
    QStringList historyMessages() const;
    QStringList memoryTexts() const;
    QUrl hubSpotUrl() const { return m_hubSpotUrl; }
    QString errorText() const { return m_errorText; }
    CompanyChoicePanel *companyChoicePanel() const { return m_companyChoice; }
    QPushButton *resyncButton() const { return m_resyncButton; }

signals:
    // The person asked to resync the shown prospect with a preview.
    void resyncRequested(qint64 prospectId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void populate();
    void populateHeader();
    void populateFields();
    void populateBreezeeProperties();
    void populateHistory();
    void populateMemories();
    void updateHubSpotLink();
    void openInHubSpot();
    void applyStyle();
    QString rowText(const QTreeWidget *tree, const QString &property, int column) const;

    std::unique_ptr<Ui::ProspectDetailPane> m_ui;
    QString m_connectionName;
    QString m_credentialsFile;
    ProviderStatus m_hubSpot;
    qint64 m_prospectId = 0;
    std::optional<ProspectDetails> m_details;
    QString m_errorText;
    QUrl m_hubSpotUrl;
    CompanyChoicePanel *m_companyChoice = nullptr;
    QPushButton *m_resyncButton = nullptr;
};

} // namespace Breezee
