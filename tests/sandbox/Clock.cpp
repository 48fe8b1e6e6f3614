#include "Clock.h"

#include <QDateTime>

namespace Breezee::Sandbox {

qint64 Clock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_offsetMs;
}

} // namespace Breezee::Sandbox
