namespace Mstro.Review.Credentials;

/// <summary>
/// An API key that does not show itself: <see cref="ToString"/> is the masked form (<c>sk-ant-…a1b2</c>), so a key
/// dropped into a log line, an exception message or a debugger view is never the whole key. Only the transport reads it.
/// </summary>
public sealed class ApiKey
{
    private readonly string _value;

    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>Enough to recognise the key, never enough to use it: the <c>sk-ant-</c>-style prefix and the last four characters.</summary>
    public string Masked
    {
        get
        {
            if (_value.Length < 16)
            {
                return "…";
            }

            var prefixEnd = _value.StartsWith("sk-ant-", StringComparison.Ordinal) ? 7 : _value.StartsWith("sk-", StringComparison.Ordinal) ? 3 : 0;
            return string.Concat(_value.AsSpan(0, prefixEnd), "…", _value.AsSpan(_value.Length - 4));
        }
    }

    internal string Reveal() => _value;

    public override string ToString() => Masked;
}
