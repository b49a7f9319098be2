using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Builder;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;

namespace Finance.Tests.Workflows;

/// <summary>Shared fixtures: a fixed start time (the interpreter has no clock) and a dunning flow that uses every step kind.</summary>
internal static class FlowTestKit
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly HashSet<string> Activities = ["email.send", "invoice.load", "ledger.post"];

    public static FlowDefinition Dunning() => Flow.Define("invoice.dunning", "Dunning")
        .Description("Remind, wait for payment, escalate")
        .Input("invoiceId", "email", "amount")
        .Activity("load", "invoice.load", a => a.Input("id", "input.invoiceId").Output("invoice"))
        .Activity("remind", "email.send", a => a
            .Input("to", "input.email")
            .Input("subject", "'Reminder for ' + vars.invoice.number")
            .Retry(3, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1))
            .Timeout(TimeSpan.FromSeconds(30))
            .Queue("notifications")
            .Output("sent"))
        .Wait("paid", "payment.received", TimeSpan.FromDays(14), onTimeout: t => t
            .If("big", "input.amount > 1000",
                then: b => b.StartFlow("collect", "debt.collection", f => f.Input("invoiceId", "input.invoiceId")),
                @else: b => b.Delay("grace", TimeSpan.FromDays(1)))
            .Fail("unpaid", "'not paid: ' + vars.invoice.number"), output: "payment")
        .StartFlow("post", "ledger.post", f => f.Input("amount", "vars.payment.amount").WaitForCompletion("posting"))
        .Complete("done", "({ paid: vars.payment.amount, posting: vars.posting })")
        .Build();

    public static JsonNode Json(string json) => JsonNode.Parse(json)!;

    public static string Serialize(object value) => JsonSerializer.Serialize(value, FlowJson.Options);

    /// <summary>Applies events in order, returning the final state and the commands of the last event.</summary>
    public static FlowTransition Run(FlowDefinition definition, params FlowEvent[] events)
    {
        var state = FlowInstanceState.Create("i-1", definition);
        FlowTransition transition = new(state, []);
        foreach (var e in events)
        {
            transition = FlowInterpreter.Default.Apply(definition, transition.State, e);
        }

        return transition;
    }

    public static FlowStarted Started(object? input = null, int minutes = 0) =>
        new(T0.AddMinutes(minutes), input is null ? null : JsonSerializer.SerializeToNode(input));

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);
}
