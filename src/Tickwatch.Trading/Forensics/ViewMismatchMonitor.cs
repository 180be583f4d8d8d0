using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Forensics;

/// <summary>
/// Compares every market fill with the price its client sent and keeps, per second over the last five minutes, how
/// many differed by more than <c>Trading:ViewMismatchPips</c>, with the worst cases: the evidence behind the diagnosis
/// finding <c>executions_differ_from_view</c> and the metric <c>tickwatch_trading_fills_vs_view_total</c>.
/// </summary>
public sealed class ViewMismatchMonitor(TimeProvider time, decimal thresholdPips, double unusualRate)
{
    /// <summary>The window of the recent figures.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Worst differing fills kept.</summary>
    public const int WorstKept = 10;

    private const string ForensicsRoute = "/api/debug/forensics/orders/";
    private static readonly int Seconds = (int)Window.TotalSeconds;

    private readonly Lock _lock = new();
    private readonly Bucket[] _buckets = new Bucket[Seconds];
    private readonly List<ViewMismatch> _worst = [];
    private long _compared;
    private long _differing;
    private long _withoutQuote;

    public long ComparedSinceStart => Interlocked.Read(ref _compared);

    public long DifferingSinceStart => Interlocked.Read(ref _differing);

    public long WithoutQuoteSinceStart => Interlocked.Read(ref _withoutQuote);

    /// <summary>Counts a market fill; <paramref name="pip"/> is the symbol's pip in the order's group.</summary>
    public void Filled(Order order, decimal pip)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.OpenPrice is not { } executed)
        {
            return;
        }

        var at = order.OpenedAt ?? time.GetUtcNow();
        var seen = order.ClientQuote?.SeenPrice;
        var pips = seen is { } s && pip > 0m ? (order.Side == TradeSide.Buy ? executed - s : s - executed) / pip : (decimal?)null;
        var differs = pips > thresholdPips;
        lock (_lock)
        {
            ref var bucket = ref BucketAt(at);
            bucket.Fills++;
            if (pips is null)
            {
                bucket.WithoutQuote++;
                _withoutQuote++;
                return;
            }

            bucket.Compared++;
            _compared++;
            if (!differs)
            {
                return;
            }

            bucket.Differing++;
            _differing++;
            Prune(at);
            _worst.Add(new ViewMismatch(order.Id, order.Account.ToString(), order.Symbol, at, executed, seen!.Value, Math.Round(pips!.Value, 1), ForensicsRoute + order.Id));
            _worst.Sort(static (a, b) => b.DifferencePips.CompareTo(a.DifferencePips));
            if (_worst.Count > WorstKept)
            {
                _worst.RemoveAt(_worst.Count - 1);
            }
        }
    }

    public ViewMismatchStatistics GetStatistics()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        long fills = 0, compared = 0, differing = 0, withoutQuote = 0;
        lock (_lock)
        {
            foreach (var bucket in _buckets)
            {
                if (second - bucket.Second < Seconds && bucket.Second <= second)
                {
                    fills += bucket.Fills;
                    compared += bucket.Compared;
                    differing += bucket.Differing;
                    withoutQuote += bucket.WithoutQuote;
                }
            }

            Prune(now);
            return new ViewMismatchStatistics(
                Seconds,
                thresholdPips,
                unusualRate,
                fills,
                compared,
                differing,
                withoutQuote,
                compared == 0 ? null : (double)differing / compared,
                [.. _worst],
                _compared,
                _differing,
                _withoutQuote);
        }
    }

    private ref Bucket BucketAt(DateTimeOffset at)
    {
        var second = at.ToUnixTimeSeconds();
        ref var bucket = ref _buckets[(int)(second % Seconds)];
        if (bucket.Second != second)
        {
            bucket = new Bucket { Second = second };
        }

        return ref bucket;
    }

    private void Prune(DateTimeOffset now) => _worst.RemoveAll(w => now - w.At > Window);

    private struct Bucket
    {
        public long Second;
        public long Fills;
        public long Compared;
        public long Differing;
        public long WithoutQuote;
    }
}
