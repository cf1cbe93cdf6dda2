namespace Mstro.Cli.Check;

/// <summary>Splits a byte stream into lines (LF or CRLF) without holding more than one bounded line in memory.
/// A line longer than the bound is reported as too long and skipped to its end.</summary>
public sealed class LineReader(Stream input, int maxLineBytes)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private int _chunkStart;
    private int _chunkEnd;
    private bool _ended;

    /// <summary>One line: its bytes (without the line break), or <see cref="TooLong"/> set and no bytes.</summary>
    public readonly record struct Line(int Number, byte[] Bytes, bool TooLong);

    public IEnumerable<Line> ReadLines()
    {
        var number = 0;
        var current = new MemoryStream();
        var tooLong = false;
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                if (_ended) break;
                _chunkStart = 0;
                _chunkEnd = input.Read(_chunk, 0, _chunk.Length);
                if (_chunkEnd == 0)
                {
                    _ended = true;
                    break;
                }
            }

            var span = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
            var newline = span.IndexOf((byte)'\n');
            var piece = newline < 0 ? span : span[..newline];
            if (!tooLong)
            {
                if (current.Length + piece.Length > maxLineBytes + 1) // + 1: room for a trailing CR
                {
                    tooLong = true;
                    current.SetLength(0);
                }
                else
                {
                    current.Write(piece);
                }
            }
            _chunkStart += newline < 0 ? span.Length : newline + 1;
            if (newline < 0) continue;

            number++;
            yield return Finish(number, current, tooLong, maxLineBytes);
            current.SetLength(0);
            tooLong = false;
        }

        if (current.Length > 0 || tooLong) yield return Finish(number + 1, current, tooLong, maxLineBytes);
    }

    private static Line Finish(int number, MemoryStream current, bool tooLong, int maxLineBytes)
    {
        if (tooLong) return new Line(number, [], true);
        var bytes = current.ToArray();
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r') Array.Resize(ref bytes, bytes.Length - 1);
        return bytes.Length > maxLineBytes ? new Line(number, [], true) : new Line(number, bytes, false);
    }
}
