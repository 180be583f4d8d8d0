namespace Tickwatch.Trading.Triggers;

/// <summary>
/// Where armed triggers outlive the process: on Redis the reference's sorted sets (<c>pending_index:{EURUSD}:BUY_LIMIT</c>,
/// <c>sl_index:{EURUSD}:BUY</c>, <c>tp_index:{EURUSD}:SELL</c>) with the exact prices beside them; in memory for the
/// embedded default. The trigger service keeps it in step with the orders and rebuilds its memory from it at start.
/// </summary>
/// <remarks>
/// Both implementations pass one contract test suite. Arming is idempotent and replaces a trigger of the same
/// <see cref="TriggerId"/> (a modified price); disarming one that is not armed does nothing. Claiming is not the index's
/// job: a trigger fires through the engine, whose idempotency key (the order's) makes a second firing a replay. Failures
/// of the store come back as exceptions.
/// </remarks>
public interface ITriggerIndex
{
    /// <summary>Lists <paramref name="trigger"/> at its price, replacing the same trigger at another price.</summary>
    Task ArmAsync(Trigger trigger, CancellationToken cancellationToken);

    /// <summary>Removes the trigger, if armed.</summary>
    Task DisarmAsync(TriggerId id, CancellationToken cancellationToken);

    /// <summary>Every armed trigger, for the start-up of the trigger service; entries that cannot be read are skipped and counted.</summary>
    Task<IReadOnlyList<Trigger>> LoadAllAsync(CancellationToken cancellationToken);
}
