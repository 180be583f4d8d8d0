namespace Tickwatch.Trading.Triggers;

/// <summary>Where the trigger service is: loading its armed triggers, firing them, or stopped.</summary>
public enum TriggerServiceState
{
    NotStarted,

    /// <summary>Rebuilding its memory from the index and the store; quotes wait in their slots.</summary>
    Loading,

    Running,
    Stopped,
    Faulted,
}
