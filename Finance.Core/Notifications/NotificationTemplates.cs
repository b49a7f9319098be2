using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;

namespace Finance.Core.Notifications;

public sealed record RenderedNotification(string Title, string Body);

/// <summary>
/// Renders <c>Templates/{topic}.{language}.liquid</c> (a <c>Subject:</c> line, a blank line, the body) with the
/// notification's data as <c>data.*</c>, the company as <c>company.*</c> and the link as <c>link</c>. A topic without a
/// template of its own uses <c>generic</c>, which prints <c>data.title</c> and <c>data.text</c>: a flow an admin designs
/// can notify without a new template.
/// </summary>
public sealed class NotificationTemplates
{
    public const string Generic = "generic";
    public static readonly IReadOnlyList<string> Languages = ["fr", "de", "it", "en"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();
    private readonly ConcurrentDictionary<(string, string), (IFluidTemplate Subject, IFluidTemplate Body)?> _templates = new();

    public static IReadOnlyList<string> Topics { get; } = [.. typeof(NotificationTemplates).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".xx.liquid".Length]).Distinct().Order(StringComparer.Ordinal)];

    private const string Prefix = "Finance.NotificationTemplates.";

    public RenderedNotification Render(string topic, string language, string companyName, JsonObject data, string? link)
    {
        var lang = Languages.Contains(language) ? language : "en";
        var (subject, body) = _templates.GetOrAdd((topic, lang), key => Load(key.Item1, key.Item2))
            ?? _templates.GetOrAdd((Generic, lang), key => Load(key.Item1, key.Item2))
            ?? throw new InvalidOperationException($"The generic notification template ({lang}) is missing.");
        var context = new TemplateContext(Options);
        context.SetValue("data", ToFluid(data));
        context.SetValue("company", FluidValue.Create(new Dictionary<string, object?> { ["name"] = companyName }, Options));
        context.SetValue("link", link ?? "");
        context.SetValue("topic", topic);
        return new RenderedNotification(subject.Render(context).Trim(), body.Render(context).Trim());
    }

    private static FluidValue ToFluid(JsonNode? node) => FluidValue.Create(ToPlain(node), Options);

    // Fluid reads dictionaries and lists of plain values; JSON nodes it would print whole.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        _ => node.ToString(),
    };

    private static (IFluidTemplate, IFluidTemplate)? Load(string topic, string language)
    {
        var name = $"{Prefix}{topic}.{language}.liquid";
        using var stream = typeof(NotificationTemplates).Assembly.GetManifestResourceStream(name);
        if (stream is null) return null;
        var text = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!text.StartsWith("Subject: ", StringComparison.Ordinal) || split < 0)
        {
            throw new InvalidOperationException($"Notification template {name} must start with a 'Subject:' line and a blank line.");
        }
        return (Parse(name, text["Subject: ".Length..split]), Parse(name, text[(split + 2)..]));
    }

    private static IFluidTemplate Parse(string name, string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Notification template {name}: {error}");
}
