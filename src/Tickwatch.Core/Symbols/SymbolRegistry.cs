using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tickwatch.Core.Symbols;

/// <summary>
/// The symbols the service knows, with their limits. Codecs resolve names through it without
/// allocating; a name not listed is refused as unknown, unless the registry accepts unlisted
/// well-formed names (then it learns them, up to a cap, with the default limits).
/// </summary>
public sealed class SymbolRegistry
{
    /// <summary>Longest symbol name accepted.</summary>
    public const int MaxSymbolLength = 32;

    private readonly ConcurrentDictionary<string, SymbolSettings> _symbols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SymbolSettings>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly Func<string, SymbolSettings> _defaults;
    private readonly int _maxSymbols;

    public SymbolRegistry(IEnumerable<SymbolSettings> listed, Func<string, SymbolSettings> defaults, bool acceptUnlisted, int maxSymbols = 10_000)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(defaults);
        foreach (var settings in listed)
        {
            _symbols[settings.Symbol] = settings;
        }

        _byChars = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        _defaults = defaults;
        AcceptsUnlisted = acceptUnlisted;
        _maxSymbols = maxSymbols;
    }

    public bool AcceptsUnlisted { get; }

    public int Count => _symbols.Count;

    public IEnumerable<SymbolSettings> All => _symbols.Values;

    public bool TryGet(string symbol, [NotNullWhen(true)] out SymbolSettings? settings) => _symbols.TryGetValue(symbol, out settings);

    /// <summary>Resolves a symbol name; the returned settings carry the interned name string.</summary>
    public bool TryResolve(ReadOnlySpan<char> name, [NotNullWhen(true)] out SymbolSettings? settings)
    {
        if (_byChars.TryGetValue(name, out settings))
        {
            return true;
        }

        if (!AcceptsUnlisted || !IsWellFormed(name) || _symbols.Count >= _maxSymbols)
        {
            settings = null;
            return false;
        }

        var symbol = name.ToString();
        settings = _symbols.GetOrAdd(symbol, _defaults);
        return true;
    }

    /// <summary>Resolves a UTF-8 symbol name, as it sits in a frame.</summary>
    public bool TryResolve(ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out SymbolSettings? settings)
    {
        if (utf8Name.Length is 0 or > MaxSymbolLength)
        {
            settings = null;
            return false;
        }

        Span<char> chars = stackalloc char[MaxSymbolLength];
        if (!Encoding.UTF8.TryGetChars(utf8Name, chars, out var written))
        {
            settings = null;
            return false;
        }

        return TryResolve(chars[..written], out settings);
    }

    /// <summary>Letters, digits and <c>. _ - /</c>, 1 to 32 characters.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > MaxSymbolLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
