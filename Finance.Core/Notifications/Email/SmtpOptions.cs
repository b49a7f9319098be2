using System.ComponentModel.DataAnnotations;

namespace Finance.Core.Notifications.Email;

/// <summary>SMTP settings; the AppHost points them at maildev in development (<c>Smtp__Host</c>, <c>Smtp__Port</c>).</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>STARTTLS when the server offers it; production servers should, maildev does not.</summary>
    public bool RequireTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "finance@localhost";

    [Required]
    public string FromName { get; set; } = "Finance";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
