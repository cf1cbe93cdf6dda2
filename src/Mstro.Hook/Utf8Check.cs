using System.Buffers;
using System.Text;

namespace Mstro.Hook;

/// <summary>Finds the first byte that is not valid UTF-8, so a bad payload is reported precisely (and never read with
/// replacement characters that could change what a command means).</summary>
public static class Utf8Check
{
    /// <summary>The offset of the first invalid byte, or -1 when all of <paramref name="bytes"/> is valid UTF-8.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return -1;
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != OperationStatus.Done) return offset;
            offset += consumed;
        }
        return -1;
    }
}
