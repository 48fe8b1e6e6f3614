#pragma once

#include "integration/IntegrationController.h"

#include <QColor>
#include <QPalette>
#include <QString>

namespace Breezee {

// The meaning of a status colour. The colour itself comes from toneColour,
// which picks a shade that reads on the current palette.
enum class Tone {
    Neutral,
    Progress,
    Success,
    Warning,
    Danger,
    Muted,
};

// Returns an accent colour for badges, pills and dots. Neutral and Muted
// follow the palette's text colours. The others are fixed hues, lighter on
// a dark palette so that they keep their contrast.
QColor toneColour(Tone tone, const QPalette &palette);

bool isDarkPalette(const QPalette &palette);

QString connectionStateText(ConnectionState state);
Tone connectionStateTone(ConnectionState state);

} // namespace Breezee
