#pragma once

class QCoreApplication;

namespace Breezee::Cli {

// Exit codes that scripts can rely on.
enum ExitCode {
    Success = 0,
    UsageError = 1,
    NotConnected = 2,
    SyncIncomplete = 3,
    RuntimeError = 4,
};

// Parses the command line and runs one subcommand; returns the exit code.
int run(QCoreApplication &app);

} // namespace Breezee::Cli
