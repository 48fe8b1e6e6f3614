#pragma once

class QLabel;

namespace Breezee {

// Sets a bold font at 1.6 times the parent's font size, for the title at
// the top of a page.
void applyPageTitleFont(QLabel *label);

// Sets a bold font at 1.2 times the parent's font size, for the first line
// of an empty list.
void applyEmptyStateTitleFont(QLabel *label);

} // namespace Breezee
