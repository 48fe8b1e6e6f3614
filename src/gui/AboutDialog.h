#pragma once

#include "common/Profile.h"

#include <QDialog>

#include <memory>

namespace Breezee {

namespace Ui {
class AboutDialog;
}

// Version, Qt version, where this profile keeps its data, and the licences
// of the bundled sample data.
class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(const Profile &profile, QWidget *parent = nullptr);
    ~AboutDialog() override;

    QString versionText() const;
    QString licencesText() const;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace Breezee
