using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Model;

namespace Finance.Tests.Workflows;

public class FlowJsonTests
{
    [Fact]
    public void Serialize_BuilderDefinition_RoundTripsToEqualJson()
    {
        var built = FlowTestKit.Dunning();

        var json = FlowJson.Serialize(built);
        var parsed = FlowJson.Deserialize(json);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(FlowJson.Serialize(parsed))));
        var wait = Assert.IsType<WaitStep>(parsed.Steps[2]);
        Assert.Equal(TimeSpan.FromDays(14), wait.Timeout);
        var big = Assert.IsType<IfStep>(wait.OnTimeout![0]);
        Assert.IsType<StartFlowStep>(big.Then[0]);
        Assert.Equal(Assert.IsType<ActivityStep>(built.Steps[1]).Retry, Assert.IsType<ActivityStep>(parsed.Steps[1]).Retry);
    }

    [Fact]
    public void Serialize_BuilderDefinition_EqualsHandWrittenDesignerJson()
    {
        // What the designer would save for the first two steps of the dunning flow: the builder must match it.
        const string designer = """
            { "id": "invoice.dunning", "version": 1, "name": "Dunning", "steps": [
              { "id": "load", "name": "invoice.load", "input": { "id": "input.invoiceId" }, "output": "invoice", "kind": "activity" },
              { "kind": "activity", "id": "remind", "name": "email.send",
                "input": { "to": "input.email", "subject": "'Reminder for ' + vars.invoice.number" },
                "retry": { "maxAttempts": 3, "initialInterval": "PT2S", "backoffCoefficient": 2, "maximumInterval": "PT1M" },
                "startToCloseTimeout": "PT30S", "output": "sent", "queue": "notifications" } ] }
            """;
        var full = FlowTestKit.Dunning();
        var firstTwo = full with { Steps = [.. full.Steps.Take(2)], Description = null, Input = null };

        var fromDesigner = FlowJson.Deserialize(designer);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(FlowJson.Serialize(firstTwo)), JsonNode.Parse(FlowJson.Serialize(fromDesigner))));
    }

    [Fact]
    public void Serialize_Step_WritesKindDiscriminatorAndIsoDurations()
    {
        var json = JsonNode.Parse(FlowJson.Serialize(FlowTestKit.Dunning()))!;

        Assert.Equal("wait", json["steps"]![2]!["kind"]!.GetValue<string>());
        Assert.Equal("P14D", json["steps"]![2]!["timeout"]!.GetValue<string>());
        Assert.Equal("PT30S", json["steps"]![1]!["startToCloseTimeout"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":"f","version":1,"name":"n","steps":[{"kind":"teleport","id":"a"}]}""")]
    [InlineData("""{"id":"f","version":1,"name":"n","steps":[{"kind":"delay","id":"a","duration":"P1M"}]}""")]
    [InlineData("""{"id":"f","version":1,"name":"n","steps":[{"kind":"delay","id":"a","duration":"5 minutes"}]}""")]
    [InlineData("""{"version":1,"name":"n","steps":[]}""")]
    public void Deserialize_InvalidJson_ThrowsJsonException(string json) =>
        Assert.ThrowsAny<JsonException>(() => FlowJson.Deserialize(json));
}
