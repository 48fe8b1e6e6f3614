#pragma once

#include "StatusTone.h"

#include <QLabel>

namespace Breezee {

// A rounded label with a coloured dot, for a short state such as
// "Connected". It is a QLabel, so screen readers read its text.
class StatusPill : public QLabel {
    Q_OBJECT

public:
    explicit StatusPill(QWidget *parent = nullptr);

    void setState(const QString &text, Tone tone);
    Tone tone() const { return m_tone; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Tone m_tone = Tone::Neutral;
};

} // namespace Breezee
