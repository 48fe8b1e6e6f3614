#pragma once

#include <QDialog>

#include <memory>

class QPushButton;

namespace Breezee {

namespace Ui {
class DisconnectDialog;
}

// Confirmation before a provider is disconnected. It lists the effects: the
// sync stops, the token is revoked and removed from this computer, and
// records already in the provider stay there. Cancel is the default button.
class DisconnectDialog : public QDialog {
    Q_OBJECT

public:
    explicit DisconnectDialog(const QString &providerName, QWidget *parent = nullptr);
    ~DisconnectDialog() override;

    QPushButton *disconnectButton() const { return m_disconnectButton; }
    QString consequencesText() const;

private:
    std::unique_ptr<Ui::DisconnectDialog> m_ui;
    QPushButton *m_disconnectButton = nullptr;
};

} // namespace Breezee
