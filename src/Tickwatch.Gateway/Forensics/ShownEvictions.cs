namespace Tickwatch.Gateway.Forensics;

/// <summary>Entries the log let go of since start, by why.</summary>
/// <param name="Window">Older than <c>Gateway:Forensics:ShownWindow</c> (a user shown nothing for that long goes whole).</param>
/// <param name="Cap">Pushed out of a full ring (<c>Gateway:Forensics:ShownPerSymbol</c>) by a newer price.</param>
/// <param name="UserCap">Held by a user forgotten, least recently active, past <c>Gateway:Forensics:MaxUsers</c>.</param>
/// <param name="ByteCap">Held by a user forgotten, least recently active, past <c>Gateway:Forensics:MaxBytes</c>.</param>
public sealed record ShownEvictions(long Window, long Cap, long UserCap, long ByteCap);
