using Mstro.Hook.Logging;

namespace Mstro.Hook.Audit;

/// <summary>The audit log file (<c>$CLAUDE_CONFIG_DIR/logs/bouncer.log</c>): appends one whole line per verdict,
/// safely from many processes at once (see <see cref="AppendOnlyFile"/>).</summary>
public sealed class AuditLog(string path)
{
    public string Path { get; } = path;

    /// <summary>Throws <see cref="IOException"/> (or an access error) when the line cannot be written.</summary>
    public void Append(AuditRecord record) => AppendOnlyFile.Append(Path, AuditLine.Format(record));
}
