#pragma once

#include <QFrame>
#include <QString>
#include <QStringList>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace Breezee {

// The HubSpot companies that share a prospect's company name, shown in the
// detail pane when the sync found the name ambiguous. Choose records the
// selected company for the prospect, and the next sync links it. Hidden
// for a prospect whose company is not ambiguous or chosen.
class CompanyChoicePanel : public QFrame {
    Q_OBJECT

public:
    explicit CompanyChoicePanel(QString connectionName, QWidget *parent = nullptr);
    ~CompanyChoicePanel() override;

    // Reads the prospect's company link and shows the candidates, or hides
    // the panel.
    void showProspect(qint64 prospectId);
    qint64 prospectId() const { return m_prospectId; }

    QTreeWidget *candidatesTree() const { return m_tree; }
    QPushButton *chooseButton() const { return m_chooseButton; }
    QString titleText() const;
    QString messageText() const;
    // The HubSpot ids of the candidates, in the order shown.
    QStringList candidateIds() const;
    // Selects the candidate with this HubSpot id; returns false when none
    // has it.
    bool selectCandidate(const QString &remoteCompanyId);

signals:
    // The prospect went back on the queue to link `remoteCompanyId`.
    void companyChosen(qint64 prospectId, const QString &remoteCompanyId);

private:
    void chooseSelected();
    void updateChooseButton();
    void showMessage(const QString &text, bool isError);

    QString m_connectionName;
    qint64 m_prospectId = 0;
    QString m_chosenId;
    QLabel *m_titleLabel = nullptr;
    QLabel *m_explanationLabel = nullptr;
    QTreeWidget *m_tree = nullptr;
    QPushButton *m_chooseButton = nullptr;
    QLabel *m_messageLabel = nullptr;
};

} // namespace Breezee
