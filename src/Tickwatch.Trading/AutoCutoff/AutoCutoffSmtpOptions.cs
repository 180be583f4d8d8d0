using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>The <c>AutoCutoff:Smtp</c> section: the server the margin-call e-mail goes to (none: <c>.eml</c> files instead).</summary>
public sealed class AutoCutoffSmtpOptions
{
    /// <summary>The SMTP server; empty means none, so messages are written to <see cref="AutoCutoffOptions.MailFolder"/>.</summary>
    public string? Host { get; set; }

    [Range(1, 65_535)]
    public int Port { get; set; } = 25;

    /// <summary>The sender address.</summary>
    public string From { get; set; } = "tickwatch@localhost";

    /// <summary>True: TLS from the start on <see cref="Port"/> (465); false: STARTTLS when the server offers it.</summary>
    public bool UseTls { get; set; }

    /// <summary>Login name, only from the environment (<c>TICKWATCH_AutoCutoff__Smtp__User</c>); never logged.</summary>
    public string? User { get; set; }

    /// <summary>Password, only from the environment (<c>TICKWATCH_AutoCutoff__Smtp__Password</c>); never logged.</summary>
    public string? Password { get; set; }

    /// <summary>How long one connection and send may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
