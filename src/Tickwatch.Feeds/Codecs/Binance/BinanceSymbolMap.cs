using System.Diagnostics.CodeAnalysis;
using System.Text;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>A Binance feed's venue symbols and the broker's symbols they price (<c>Feeds:N:Symbols:BTCUSDT=BTCUSD</c>).</summary>
/// <remarks>
/// With no entries, a venue symbol is the broker's symbol of the same name. With entries, the map is the feed's list:
/// a venue symbol it does not name is refused as unknown, so that two venue pairs (each with its own update ids) can
/// never land on one broker symbol by accident.
/// </remarks>
public sealed class BinanceSymbolMap
{
    private readonly Dictionary<string, string> _venueToBroker;

    /// <param name="venueToBroker">Venue symbol (as in a payload's <c>s</c>, any case) to broker symbol.</param>
    public BinanceSymbolMap(IEnumerable<KeyValuePair<string, string>> venueToBroker)
    {
        ArgumentNullException.ThrowIfNull(venueToBroker);
        _venueToBroker = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (venue, broker) in venueToBroker)
        {
            // Binance writes symbols upper-case in payloads; configuration keys are matched whatever their case.
            _venueToBroker[Normalise(venue)] = broker;
        }
    }

    /// <summary>No entries: every venue symbol passes through as the broker's symbol of the same name.</summary>
    public static BinanceSymbolMap Identity { get; } = new([]);

    public int Count => _venueToBroker.Count;

    public IReadOnlyDictionary<string, string> Entries => _venueToBroker;

    /// <summary>Everything wrong with a configured map, each message starting with <paramref name="at"/>; empty when it is good.</summary>
    /// <param name="venueToBroker">The map as configured.</param>
    /// <param name="isBrokerSymbol">Whether the service knows a broker symbol.</param>
    /// <param name="at">Where the map is configured, e.g. <c>Feeds:2 (binance)</c>.</param>
    public static List<string> Validate(IEnumerable<KeyValuePair<string, string>> venueToBroker, Func<string, bool> isBrokerSymbol, string at)
    {
        ArgumentNullException.ThrowIfNull(venueToBroker);
        ArgumentNullException.ThrowIfNull(isBrokerSymbol);
        var errors = new List<string>();
        var venues = new HashSet<string>(StringComparer.Ordinal);
        var byBroker = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (venue, broker) in venueToBroker)
        {
            if (!SymbolRegistry.IsWellFormed(venue))
            {
                errors.Add($"{at}: Symbols: '{venue}' is not a venue symbol (letters, digits and . _ - /, 1 to {SymbolRegistry.MaxSymbolLength} characters).");
                continue;
            }

            if (!venues.Add(Normalise(venue)))
            {
                errors.Add($"{at}: Symbols: the venue symbol '{Normalise(venue)}' is listed more than once.");
            }

            if (string.IsNullOrWhiteSpace(broker) || !isBrokerSymbol(broker))
            {
                errors.Add($"{at}: Symbols:{venue}: '{broker}' is not a broker symbol the service knows (Prices:Symbols).");
            }
            else if (byBroker.TryGetValue(broker, out var other))
            {
                errors.Add($"{at}: Symbols: '{other}' and '{venue}' both map to {broker}: two venue pairs would mix in one broker symbol.");
            }
            else
            {
                byBroker[broker] = venue;
            }
        }

        return errors;
    }

    /// <summary>A lookup for one codec: from venue-symbol bytes straight to the broker symbol's settings, allocating nothing.</summary>
    internal Resolver CreateResolver(SymbolRegistry registry) => new(this, registry);

    private static string Normalise(string venue) => venue.ToUpperInvariant();

    /// <summary>Resolves venue symbols of one codec; the broker symbols are resolved once, up front.</summary>
    internal sealed class Resolver
    {
        private readonly SymbolRegistry _registry;
        private readonly bool _passThrough;
        private readonly Dictionary<string, SymbolSettings?>.AlternateLookup<ReadOnlySpan<char>> _mapped;

        public Resolver(BinanceSymbolMap map, SymbolRegistry registry)
        {
            ArgumentNullException.ThrowIfNull(registry);
            _registry = registry;
            _passThrough = map.Count == 0;
            var mapped = new Dictionary<string, SymbolSettings?>(StringComparer.Ordinal);
            foreach (var (venue, broker) in map._venueToBroker)
            {
                // A broker symbol the registry refuses (validation reports it at start) leaves its venue symbol unknown.
                mapped[venue] = registry.TryResolve(broker.AsSpan(), out var settings) ? settings : null;
            }

            _mapped = mapped.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public bool TryResolve(ReadOnlySpan<byte> venueUtf8, [NotNullWhen(true)] out SymbolSettings? settings)
        {
            if (_passThrough)
            {
                return _registry.TryResolve(venueUtf8, out settings);
            }

            settings = null;
            if (venueUtf8.Length is 0 or > SymbolRegistry.MaxSymbolLength)
            {
                return false;
            }

            Span<char> chars = stackalloc char[SymbolRegistry.MaxSymbolLength];
            if (!Encoding.UTF8.TryGetChars(venueUtf8, chars, out var written))
            {
                return false;
            }

            return _mapped.TryGetValue(chars[..written], out settings) && settings is not null;
        }
    }
}
