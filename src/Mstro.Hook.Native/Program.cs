using Mstro.Hook;

// Claude Code runs this for every tool call: one payload on stdin, one answer on stdout, exit 0. Arguments are
// ignored (the installer registers it with none) so that no spelling of the command line can stop it answering.
return HookProcess.Run();
