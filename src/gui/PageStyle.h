#pragma once

class QLabel;
class QProgressBar;

namespace Breezee {

// Sets a bold font at 1.6 times the parent's font size, for the title at
// the top of a page.
void applyPageTitleFont(QLabel *label);

// Sets a bold font at 1.2 times the parent's font size, for the first line
// of an empty list.
void applyEmptyStateTitleFont(QLabel *label);

// Draws a slim progress bar with a visible groove from the bar's palette,
// because Fusion's groove all but disappears on a dark palette. Call it
// again when the palette changes.
void applyProgressBarStyle(QProgressBar *bar);

} // namespace Breezee
