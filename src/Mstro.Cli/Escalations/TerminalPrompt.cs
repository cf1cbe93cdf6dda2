using System.Text;

namespace Mstro.Cli.Escalations;

/// <summary>Asks the person at the controlling terminal (<c>/dev/tty</c>), never stdin, argv, a variable or a file: the
/// pairing code must come from someone looking at mstro's console. A process without a controlling terminal (Claude
/// Code's hooks and its Bash tool run detached from one; <c>/dev/tty</c> fails for them) cannot be asked at all.</summary>
internal sealed class TerminalPrompt : IDisposable
{
    private readonly FileStream _tty;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private TerminalPrompt(FileStream tty)
    {
        _tty = tty;
        _reader = new StreamReader(tty, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1, leaveOpen: true);
        _writer = new StreamWriter(tty, new UTF8Encoding(false), bufferSize: 256, leaveOpen: true) { AutoFlush = true };
    }

    /// <summary>The controlling terminal, or null (with the reason) when the process has none.</summary>
    public static TerminalPrompt? Open(out string problem)
    {
        problem = "";
        if (OperatingSystem.IsWindows())
        {
            problem = "pairing needs a Unix terminal";
            return null;
        }
        try
        {
            return new TerminalPrompt(new FileStream("/dev/tty", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = "this process has no terminal to ask for the pairing code";
            return null;
        }
    }

    /// <summary>Writes <paramref name="question"/> and reads one line (null at end of input).</summary>
    public string? Ask(string question)
    {
        _writer.Write(question);
        return _reader.ReadLine();
    }

    public void Say(string line) => _writer.WriteLine(line);

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
        _tty.Dispose();
    }
}
