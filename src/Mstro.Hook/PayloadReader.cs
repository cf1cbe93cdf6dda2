using System.Buffers;

namespace Mstro.Hook;

/// <summary>Reads one payload from a stream, bounded: a payload larger than the limit is reported as such rather than
/// buffered whole. The rest of an oversized input is read and dropped (up to a bound), so the writer on the other end
/// of the pipe finishes cleanly instead of failing with a broken pipe.</summary>
public static class PayloadReader
{
    /// <summary>How much of an oversized input is drained before giving up on reaching its end.</summary>
    public const long MaxDrainBytes = 256L * 1024 * 1024;

    public readonly record struct Payload(byte[] Bytes, int Length, bool TooLarge)
    {
        public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);
        public ReadOnlyMemory<byte> Memory => Bytes.AsMemory(0, Length);
    }

    public static Payload Read(Stream input, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Most payloads are a few KB; the buffer doubles for the large ones (Write tool contents).
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > maxBytes) break;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }
            var read = input.Read(buffer, length, buffer.Length - length);
            if (read == 0) return new Payload(buffer, length, TooLarge: false);
            length += read;
        }

        Drain(input);
        return new Payload(buffer, maxBytes, TooLarge: true);
    }

    private static void Drain(Stream input)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long drained = 0;
            int read;
            while (drained < MaxDrainBytes && (read = input.Read(scratch, 0, scratch.Length)) > 0) drained += read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
