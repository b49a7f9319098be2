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
        var name = $"Finance.EmailTemplates.{FileStem(kind)}.{language}.liquid";
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

    private static string FileStem(EmailKind kind) => kind switch
    {
        EmailKind.Invoice => "invoice",
        EmailKind.Reminder1 => "reminder-1",
        EmailKind.Reminder2 => "reminder-2",
        EmailKind.Reminder3 => "reminder-3",
        EmailKind.PaymentReceived => "payment-received",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

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
