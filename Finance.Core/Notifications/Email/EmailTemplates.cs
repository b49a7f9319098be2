using System.Collections.Concurrent;
using Fluid;

namespace Finance.Core.Notifications.Email;

/// <summary>The e-mails the system writes, one Liquid template per kind and language (Fluid, as Elsa uses).</summary>
public enum EmailKind
{
    Invoice,
    Reminder1,
    Reminder2,
    Reminder3,

    /// <summary>To the company's finance address, when a payment is recorded.</summary>
    PaymentReceived,
}

/// <summary>The one mapping between <see cref="EmailKind"/> and its name: the template file stem and a flow step's <c>template</c> input.</summary>
public static class EmailKindNames
{
    public const string Invoice = "invoice";
    public const string Reminder1 = "reminder-1";
    public const string Reminder2 = "reminder-2";
    public const string Reminder3 = "reminder-3";
    public const string PaymentReceived = "payment-received";

    /// <summary>The templates a reminder step may choose.</summary>
    public static readonly IReadOnlyList<string> Reminders = [Reminder1, Reminder2, Reminder3];

    public static string Name(this EmailKind kind) => kind switch
    {
        EmailKind.Invoice => Invoice,
        EmailKind.Reminder1 => Reminder1,
        EmailKind.Reminder2 => Reminder2,
        EmailKind.Reminder3 => Reminder3,
        EmailKind.PaymentReceived => PaymentReceived,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind a name stands for; null for anything else.</summary>
    public static EmailKind? Parse(string? name) => name switch
    {
        Invoice => EmailKind.Invoice,
        Reminder1 => EmailKind.Reminder1,
        Reminder2 => EmailKind.Reminder2,
        Reminder3 => EmailKind.Reminder3,
        PaymentReceived => EmailKind.PaymentReceived,
        _ => null,
    };
}

public sealed record RenderedEmail(string Subject, string TextBody);

/// <summary>
/// Renders <c>Templates/{kind}.{language}.liquid</c>: a <c>Subject:</c> line, a blank line, then the body. Model
/// members are exposed in snake case (<c>invoice.due_date</c>); values arrive formatted for the document language.
/// </summary>
public sealed class EmailTemplates
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "de", "it", "en"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();
    private readonly ConcurrentDictionary<(EmailKind, string), (IFluidTemplate Subject, IFluidTemplate Body)> _templates = new();

    public RenderedEmail Render(EmailKind kind, string language, EmailTemplateModel model)
    {
        var lang = Languages.Contains(language) ? language : "en";
        var (subject, body) = _templates.GetOrAdd((kind, lang), key => Load(key.Item1, key.Item2));
        var context = new TemplateContext(model, Options);
        return new RenderedEmail(subject.Render(context).Trim(), body.Render(context));
    }

    private static (IFluidTemplate, IFluidTemplate) Load(EmailKind kind, string language)
    {
        var name = $"Finance.EmailTemplates.{kind.Name()}.{language}.liquid";
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"E-mail template {name} is missing.");
        var text = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!text.StartsWith("Subject: ", StringComparison.Ordinal) || split < 0)
        {
            throw new InvalidOperationException($"E-mail template {name} must start with a 'Subject:' line and a blank line.");
        }
        return (Parse(name, text["Subject: ".Length..split]), Parse(name, text[(split + 2)..]));
    }

    private static IFluidTemplate Parse(string name, string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"E-mail template {name}: {error}");

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<EmailTemplateModel>();
        options.MemberAccessStrategy.Register<EmailParty>();
        options.MemberAccessStrategy.Register<EmailInvoice>();
        options.MemberAccessStrategy.Register<EmailReminder>();
        return options;
    }
}
