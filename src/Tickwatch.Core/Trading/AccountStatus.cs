namespace Tickwatch.Core.Trading;

/// <summary>Whether an account may trade.</summary>
public enum AccountStatus
{
    Active,

    /// <summary>May close and cancel, may not open.</summary>
    CloseOnly,

    /// <summary>May do nothing; its positions are still valued.</summary>
    Disabled,
}
