using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;

namespace Finance.Tests.Workflows;

public sealed class FlowInstanceStateTests
{
    private static FlowInstanceState Full() => new()
    {
        InstanceId = "i-1",
        DefinitionId = "demo",
        DefinitionVersion = 3,
        Status = FlowStatus.Waiting,
        Input = new JsonObject { ["invoiceId"] = 42 },
        Vars = new JsonObject { ["sent"] = new JsonObject { ["at"] = "2026-11-24" } },
        Signal = new JsonObject { ["amount"] = 10.5m },
        Stack = [new StackFrame("main", 2), new StackFrame("then", 1, "check")],
        Activity = new PendingActivity(4, "send", 2, "boom"),
        Timer = new PendingTimer("2", "wait", DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), true),
        AwaitedSignal = new AwaitedSignal("invoice.paid", "wait"),
        Child = new PendingChild(1, "child", "c-1"),
        BufferedSignals = [new BufferedSignal("invoice.paid", DateTimeOffset.UnixEpoch, new JsonObject { ["amount"] = 1 })],
        Sequences = new SequenceCounters(4, 2, 1),
        Output = new JsonObject { ["done"] = true },
        FailureReason = "none",
    };

    [Fact]
    public void Clone_EveryPropertySet_SerializesExactlyAsTheOriginal()
    {
        var original = Full();
        // Every settable property is set above: a property added later without a line in Clone shows up here.
        Assert.All(typeof(FlowInstanceState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite),
            p => Assert.NotNull(p.GetValue(original)));

        var copy = original.Clone();

        Assert.Equal(JsonSerializer.Serialize(original, FlowJson.Options), JsonSerializer.Serialize(copy, FlowJson.Options));
    }

    [Fact]
    public void Clone_CopyChanged_OriginalUntouched()
    {
        var original = Full();
        var before = JsonSerializer.Serialize(original, FlowJson.Options);

        var copy = original.Clone();
        copy.Vars["sent"]!["at"] = "changed";
        copy.Input!["invoiceId"] = 7;
        copy.BufferedSignals[0].Payload!["amount"] = 99;
        copy.Stack.Add(new StackFrame("else", 0));
        copy.BufferedSignals.Clear();

        Assert.Equal(before, JsonSerializer.Serialize(original, FlowJson.Options));
    }
}
