using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// A mean-reverting log-normal random walk per symbol, quoted as bid and ask rounded to the
/// instrument's digits with a spread around its typical spread. Not thread-safe: the engine
/// serialises access. State is kept in arrays indexed by symbol so that a tick allocates nothing.
/// </summary>
internal sealed class PriceModel
{
    private const double SecondsPerDay = 86_400;

    // Spreads vary from 0.8x to 1.4x the typical spread: mostly near it, sometimes wider, like a real book.
    private const double SpreadLow = 0.8;
    private const double SpreadRange = 0.6;

    private readonly InstrumentSpec[] _instruments;
    private readonly Dictionary<string, int> _indexBySymbol;
    private readonly decimal[] _point;
    private readonly double[] _typicalSpreadPoints;
    private readonly double[] _logOffset;
    private readonly double[] _sigma;
    private readonly double[] _reversion;
    private readonly decimal[] _bid;
    private readonly decimal[] _ask;
    private readonly Random _random;
    private readonly double _partialProbability;

    public PriceModel(IReadOnlyList<InstrumentSpec> instruments, Random random, double partialProbability)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(random);
        _instruments = [.. instruments];
        _random = random;
        _partialProbability = partialProbability;
        var count = _instruments.Length;
        _indexBySymbol = new Dictionary<string, int>(count, StringComparer.Ordinal);
        _point = new decimal[count];
        _typicalSpreadPoints = new double[count];
        _logOffset = new double[count];
        _sigma = new double[count];
        _reversion = new double[count];
        _bid = new decimal[count];
        _ask = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            var instrument = _instruments[i];
            _indexBySymbol.Add(instrument.Symbol, i);
            _point[i] = PointOf(instrument.Digits);
            _typicalSpreadPoints[i] = (double)(instrument.TypicalSpread / _point[i]);
            Quote(i, instrument.ReferencePrice, 1.0);
        }

        SetRateMultiplier(1);
    }

    public int Count => _instruments.Length;

    public IReadOnlyList<InstrumentSpec> Instruments => _instruments;

    public InstrumentSpec Instrument(int index) => _instruments[index];

    public bool TryGetIndex(string symbol, out int index) => _indexBySymbol.TryGetValue(symbol, out index);

    /// <summary>The last quoted bid and ask of a symbol.</summary>
    public (decimal Bid, decimal Ask) Current(int index) => (_bid[index], _ask[index]);

    /// <summary>
    /// Scales the step per tick to the tick rate, so that a symbol's volatility per day stays its
    /// <see cref="InstrumentSpec.DailyVolatility"/> however fast it ticks.
    /// </summary>
    public void SetRateMultiplier(double multiplier)
    {
        // A paused model still moves when driven by hand, at the instrument's own pace.
        var effective = multiplier > 0 ? multiplier : 1;
        for (var i = 0; i < _instruments.Length; i++)
        {
            var ticksPerDay = Math.Max((double)_instruments[i].TicksPerSecond * effective, 1e-6) * SecondsPerDay;
            _sigma[i] = (double)_instruments[i].DailyVolatility / Math.Sqrt(ticksPerDay);

            // Pulls the walk back with a half-life of about a day, so long runs stay plausible.
            _reversion[i] = 1 / ticksPerDay;
        }
    }

    /// <summary>Moves a symbol one tick and returns what the feed sends: both sides, or one side of a partial update.</summary>
    public WirePrice Tick(int index)
    {
        var instrument = _instruments[index];
        var x = _logOffset[index];
        x += (_sigma[index] * NextGaussian()) - (_reversion[index] * x);
        _logOffset[index] = x;

        var mid = instrument.ReferencePrice * (decimal)Math.Exp(x);
        var spreadFactor = SpreadLow + (SpreadRange * _random.NextDouble());
        var oldBid = _bid[index];
        var oldAsk = _ask[index];
        Quote(index, mid, spreadFactor);

        if (_partialProbability > 0 && _random.NextDouble() < _partialProbability)
        {
            // One side moves, the other keeps its last value, as long as that leaves the quote uncrossed.
            if (_random.Next(2) == 0)
            {
                if (_bid[index] < oldAsk)
                {
                    _ask[index] = oldAsk;
                    return new WirePrice(instrument.Symbol, _bid[index], null);
                }
            }
            else if (_ask[index] > oldBid)
            {
                _bid[index] = oldBid;
                return new WirePrice(instrument.Symbol, null, _ask[index]);
            }
        }

        return new WirePrice(instrument.Symbol, _bid[index], _ask[index]);
    }

    /// <summary>Sets a symbol's price; a missing side keeps its value. The walk continues from the new mid.</summary>
    /// <returns>The wire price carrying only the sides given, or null with a reason when the result would be unusable.</returns>
    public WirePrice? Set(int index, decimal? bid, decimal? ask, out string? error)
    {
        var instrument = _instruments[index];
        var newBid = bid ?? _bid[index];
        var newAsk = ask ?? _ask[index];
        if (newBid <= 0 || newAsk <= 0)
        {
            error = "Prices must be greater than zero.";
            return null;
        }

        if (newAsk < newBid)
        {
            error = $"The ask {newAsk} would be below the bid {newBid} (a crossed quote).";
            return null;
        }

        if (decimal.Round(newBid, instrument.Digits) != newBid || decimal.Round(newAsk, instrument.Digits) != newAsk)
        {
            error = $"{instrument.Symbol} is quoted to {instrument.Digits} decimal places.";
            return null;
        }

        _bid[index] = newBid;
        _ask[index] = newAsk;
        var mid = (newBid + newAsk) / 2;
        _logOffset[index] = Math.Log((double)(mid / instrument.ReferencePrice));
        error = null;
        return new WirePrice(instrument.Symbol, bid, ask);
    }

    /// <summary>10^-digits, the smallest price step.</summary>
    public static decimal PointOf(int digits)
    {
        var point = 1m;
        for (var i = 0; i < digits; i++)
        {
            point /= 10;
        }

        return point;
    }

    private void Quote(int index, decimal mid, double spreadFactor)
    {
        var digits = _instruments[index].Digits;
        var point = _point[index];

        // The spread is a whole number of points, at least one, so the quote is never crossed or locked;
        // building the decimal from its digits is exact and much cheaper than converting a double.
        var spreadPoints = Math.Max(1, (int)Math.Round(_typicalSpreadPoints[index] * spreadFactor));
        var spread = new decimal(spreadPoints, 0, 0, false, (byte)digits);
        var bid = decimal.Round(mid - (spread * 0.5m), digits);
        if (bid < point)
        {
            bid = point;
        }

        _bid[index] = bid;
        _ask[index] = bid + spread;
    }

    private double NextGaussian()
    {
        // Box-Muller; 1 - U keeps the logarithm finite.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
