using System.Globalization;

namespace Mstro.Review.Prompt;

/// <summary>Cuts long untrusted text to a budget, keeping its beginning and its end, and says how much went.</summary>
internal static class Truncation
{
    /// <summary>Keeps the head (two thirds of the budget) and the tail; the omitted middle is named inline.</summary>
    public static (string Text, int Omitted) HeadAndTail(string text, int budget)
    {
        if (text.Length <= budget)
        {
            return (text, 0);
        }

        var headLength = SafeCut(text, budget * 2 / 3);
        var tailStart = SafeCut(text, text.Length - (budget - headLength));
        var omitted = tailStart - headLength;
        return (text[..headLength] + Marker(omitted) + text[tailStart..], omitted);
    }

    /// <summary>Keeps only the end (the most recent part of a transcript).</summary>
    public static (string Text, int Omitted) TailOnly(string text, int budget)
    {
        if (text.Length <= budget)
        {
            return (text, 0);
        }

        var tailStart = SafeCut(text, text.Length - budget);
        return (Marker(tailStart) + text[tailStart..], tailStart);
    }

    // The marker is inside the data, so it can be forged; the fence's truncated attribute is the authority.
    private static string Marker(int omitted) => string.Create(CultureInfo.InvariantCulture, $"…[{omitted} characters omitted]…");

    /// <summary>A cut index that does not split a surrogate pair.</summary>
    private static int SafeCut(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length);
        return index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;
    }
}
