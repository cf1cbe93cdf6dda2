using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mstro.Server.Approvers;

/// <summary>The outcome of presenting a pairing code.</summary>
public enum PairingCheck
{
    /// <summary>The code is right (and now used up).</summary>
    Accepted,
    /// <summary>Wrong code; the code stays, with fewer tries left.</summary>
    Wrong,
    /// <summary>Wrong code, and that was the last try: the code is burnt.</summary>
    Burnt,
    /// <summary>No code is in force (none shown yet, used, lapsed or burnt): a new one must be asked for at the console.</summary>
    NoCode,
    /// <summary>The code is right, but the caller could not be paired (see the commit's reason); the code stays.</summary>
    NotCommitted,
}

/// <summary>The pairing code: 10 characters from a 30-letter alphabet without look-alikes (no 0/O, 1/I/L, U), about 49
/// bits, shown only on mstro's own console. Single-use, valid for <see cref="ServerOptions.PairingCodeLifetime"/>, and
/// burnt after <see cref="ServerOptions.MaxPairingAttempts"/> wrong tries from anyone; a new one is made only when the
/// person asks at the console (<see cref="Renew"/>), so guessing gets a handful of tries per person's key press.</summary>
public sealed class PairingCodes
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
    public const int Length = 10;

    private readonly Lock _lock = new();
    private readonly IPairingDisplay _display;
    private readonly TimeProvider _time;
    private readonly ServerOptions _options;
    private readonly ILogger _logger;
    private byte[]? _code;
    private DateTimeOffset _expiresAt;
    private int _wrongTries;

    public PairingCodes(IPairingDisplay display, TimeProvider time, IOptions<ServerOptions> options, ILogger<PairingCodes> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _display = display;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>True when a code is in force.</summary>
    public bool Active
    {
        get
        {
            lock (_lock) return _code is not null && _time.GetUtcNow() < _expiresAt;
        }
    }

    /// <summary>Makes a new code (the old one stops working) and shows it. Null when there is no screen to show it on.</summary>
    public string? Renew()
    {
        if (!_display.CanShow) return null;
        string formatted;
        DateTimeOffset expiresAt;
        lock (_lock)
        {
            var code = new char[Length];
            for (var i = 0; i < Length; i++) code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            _code = Encoding.ASCII.GetBytes(code);
            _expiresAt = expiresAt = _time.GetUtcNow() + _options.PairingCodeLifetime;
            _wrongTries = 0;
            formatted = $"{new string(code, 0, Length / 2)}-{new string(code, Length / 2, Length - Length / 2)}";
        }
        _display.ShowCode(formatted, expiresAt);
        _logger.PairingCodeShown(expiresAt);
        return formatted;
    }

    /// <summary>Checks a presented code in constant time. A right code runs <paramref name="commit"/> (which pairs the
    /// caller) and is used up when it succeeds, in one step, so a code pairs exactly one terminal.</summary>
    public PairingCheck Check(string? presented, out int triesLeft, Func<bool> commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var normalized = Normalize(presented);
        PairingCheck result;
        lock (_lock)
        {
            triesLeft = Math.Max(0, _options.MaxPairingAttempts - _wrongTries);
            if (_code is null || _time.GetUtcNow() >= _expiresAt)
            {
                _code = null;
                return PairingCheck.NoCode;
            }
            if (CryptographicOperations.FixedTimeEquals(normalized, _code))
            {
                if (!commit()) return PairingCheck.NotCommitted;
                _code = null;
                return PairingCheck.Accepted;
            }
            _wrongTries++;
            triesLeft = Math.Max(0, _options.MaxPairingAttempts - _wrongTries);
            if (triesLeft == 0) _code = null;
            result = triesLeft == 0 ? PairingCheck.Burnt : PairingCheck.Wrong;
        }
        if (result == PairingCheck.Burnt)
        {
            _logger.PairingCodeBurnt(_options.MaxPairingAttempts);
            _display.Notice($"Pairing locked: {_options.MaxPairingAttempts} wrong codes were tried. If that was not you, something " +
                            "on this machine is guessing. Press Enter here for a new code.");
        }
        else
        {
            _logger.PairingCodeWrong(triesLeft);
            _display.Notice($"A wrong pairing code was tried ({triesLeft} {(triesLeft == 1 ? "try" : "tries")} left).");
        }
        return result;
    }

    /// <summary>Upper case, without the dash and spaces a person may type; a fixed-size buffer so the comparison's time
    /// does not depend on the input (anything longer is cut, and then cannot match).</summary>
    private static byte[] Normalize(string? presented)
    {
        var buffer = new byte[Length];
        if (presented is null) return buffer;
        var count = 0;
        foreach (var c in presented)
        {
            if (c is '-' or ' ' or '\t') continue;
            if (count == Length) return new byte[Length + 1];
            buffer[count++] = (byte)(c < 128 ? char.ToUpperInvariant(c) : '?');
        }
        return count == Length ? buffer : new byte[Length + 1];
    }
}
