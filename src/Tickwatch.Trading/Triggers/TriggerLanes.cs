using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Triggers;

/// <summary>
/// The armed triggers of one symbol in one group, sorted by exact price in eight lanes: one per pending order type, and
/// one per side for stop-losses and for take-profits. In a lane every trigger compares the same execution price (same
/// kind and side, one half spread), so the crossed ones are a run at one end of it, read in O(log n + crossed).
/// </summary>
internal sealed class TriggerLanes
{
    private const int LaneCount = 8;
    private static readonly IComparer<Trigger> ByPrice = Comparer<Trigger>.Create(static (x, y) =>
        x.Price != y.Price ? x.Price.CompareTo(y.Price) : string.CompareOrdinal(x.OrderId, y.OrderId));

    private readonly SortedSet<Trigger>[] _lanes = Enumerable.Range(0, LaneCount).Select(_ => new SortedSet<Trigger>(ByPrice)).ToArray();

    public int Count { get; private set; }

    public void Add(Trigger trigger)
    {
        if (_lanes[LaneOf(trigger)].Add(trigger))
        {
            Count++;
        }
    }

    public void Remove(Trigger trigger)
    {
        if (_lanes[LaneOf(trigger)].Remove(trigger))
        {
            Count--;
        }
    }

    /// <summary>Adds to <paramref name="crossed"/> every trigger the quote fires at the group's half spread.</summary>
    public void Crossed(decimal bid, decimal ask, decimal halfSpread, List<Trigger> crossed)
    {
        foreach (var lane in _lanes)
        {
            if (lane.Count == 0)
            {
                continue;
            }

            // Whether a trigger fires is monotonic in its price, so the fired ones start at whichever end fires.
            var execution = lane.Min!.ExecutionPrice(bid, ask, halfSpread);
            IEnumerable<Trigger> run = lane.Max!.FiresAt(execution) ? lane.Reverse() : lane.Min.FiresAt(execution) ? lane : [];
            foreach (var trigger in run)
            {
                if (!trigger.FiresAt(execution))
                {
                    break;
                }

                crossed.Add(trigger);
            }
        }
    }

    private static int LaneOf(Trigger trigger) => trigger.Kind switch
    {
        TriggerKind.Pending => trigger.OrderType switch
        {
            OrderType.BuyLimit => 0,
            OrderType.SellLimit => 1,
            OrderType.BuyStop => 2,
            _ => 3,
        },
        TriggerKind.StopLoss => trigger.Side == TradeSide.Buy ? 4 : 5,
        _ => trigger.Side == TradeSide.Buy ? 6 : 7,
    };
}
