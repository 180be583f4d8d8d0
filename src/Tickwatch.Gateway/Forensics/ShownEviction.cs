namespace Tickwatch.Gateway.Forensics;

/// <summary>Why a user's entries left the log.</summary>
internal enum ShownEviction
{
    /// <summary>Shown nothing within <see cref="ShownPriceOptions.ShownWindow"/>.</summary>
    Window,

    /// <summary>Least recently active when <see cref="ShownPriceOptions.MaxUsers"/> was passed.</summary>
    UserCap,

    /// <summary>Least recently active when <see cref="ShownPriceOptions.MaxBytes"/> was passed.</summary>
    ByteCap,
}
