#pragma once

#include <QtGlobal>

namespace Breezee::Sandbox {

// Wall-clock time for token and code expiry and record timestamps. Tests
// can move it forward to expire tokens without waiting.
class Clock {
public:
    qint64 nowMs() const;
    void advance(qint64 milliseconds) { m_offsetMs += milliseconds; }
    void reset() { m_offsetMs = 0; }
    qint64 offsetMs() const { return m_offsetMs; }

private:
    qint64 m_offsetMs = 0;
};

} // namespace Breezee::Sandbox
