#pragma once

#include <QList>
#include <QWidget>

namespace Breezee {

// A small bar chart of work per interval, oldest on the left, with an
// optional dashed budget line such as HubSpot's 110 requests per 10 s.
// The scale fits the largest bar or the budget, whichever is higher, so a
// bar that touches the line used the whole budget.
class ThroughputSparkline : public QWidget {
    Q_OBJECT

public:
    explicit ThroughputSparkline(QWidget *parent = nullptr);

    // `unit` names what a bar counts, for example "prospects"; it goes
    // into the accessible description.
    void setValues(const QList<int> &values, const QString &unit);
    QList<int> values() const { return m_values; }

    // A budget of 0 hides the line.
    void setBudget(int budget);
    int budget() const { return m_budget; }

    // The value the top of the chart stands for.
    int scaleMaximum() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateAccessibleText();

    QList<int> m_values;
    QString m_unit;
    int m_budget = 0;
};

} // namespace Breezee
