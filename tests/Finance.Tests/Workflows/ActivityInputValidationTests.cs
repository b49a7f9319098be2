using Finance.Workflows.Activities;
using Finance.Workflows.Activities.Http;
using Finance.Workflows.Builder;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Tests.Workflows;

/// <summary>The validator's checks of step inputs against activity descriptors, and of triggers (issue 11, items 3 and 9).</summary>
public class ActivityInputValidationTests
{
    private static readonly ActivityDescriptor Remind = new("test.remind", "notifications", "Reminds.",
        ActivitySchema.Properties()
            .Required("invoiceId", ActivitySchema.CompanyResource("invoice"), "The invoice.")
            .Required("level", ActivitySchema.WholeNumber(1, 3), "Level.")
            .Optional("fee", ActivitySchema.Number(), "Fee.")
            .Optional("template", ActivitySchema.Enum("reminder-1", "reminder-2"), "Template.")
            .Optional("urgent", ActivitySchema.Boolean(), "Urgent.")
            .Build(),
        ActivitySchema.Output(("sent", ActivitySchema.Boolean())), RetryPolicy.Default, TimeSpan.FromMinutes(5));

    // The descriptor only: the activity is never run here.
    private static readonly ActivityDescriptor Http = new HttpRequestActivity(null!, null!, null!).Descriptor;

    private static readonly Dictionary<string, ActivityDescriptor> Activities = new()
    {
        [Remind.Name] = Remind,
        [Http.Name] = Http,
    };

    private static IReadOnlyList<FlowValidationError> Validate(FlowDefinition definition) => FlowValidator.Validate(definition, Activities);

    private static FlowDefinition RemindFlow(Action<ActivityStepBuilder> inputs) =>
        Flow.Define("f", "F").Input("invoiceId").Activity("r", "test.remind", inputs).Build();

    [Fact]
    public void Validate_AllInputsRightTypes_HasNoErrors() => Assert.Empty(Validate(RemindFlow(a => a
        .Input("invoiceId", "input.invoiceId").Input("level", "2").Input("fee", "12.5").Input("template", "'reminder-2'").Input("urgent", "true"))));

    [Fact]
    public void Validate_UnknownActivity_ReportsStepName()
    {
        var error = Assert.Single(Validate(Flow.Define("f", "F").Activity("a", "sms.send").Build()));
        Assert.Equal(new FlowValidationError("steps[0].name", "Unknown activity \"sms.send\"."), error);
    }

    [Fact]
    public void Validate_MissingRequiredInput_PointsAtStepInput()
    {
        var error = Assert.Single(Validate(RemindFlow(a => a.Input("invoiceId", "input.invoiceId"))));
        Assert.Equal(new FlowValidationError("steps[0].input.level", "test.remind needs the input \"level\"."), error);
    }

    [Fact]
    public void Validate_UnknownInput_NamesTheInputsTheActivityTakes()
    {
        var error = Assert.Single(Validate(RemindFlow(a => a.Input("invoiceId", "input.invoiceId").Input("level", "1").Input("colour", "'red'"))));
        Assert.Equal("steps[0].input.colour", error.Path);
        Assert.Equal("test.remind has no input \"colour\"; it takes invoiceId, level, fee, template, urgent.", error.Message);
    }

    [Theory]
    [InlineData("level", "'three'", "Expected integer, but the literal is a string.")]
    [InlineData("level", "2.5", "Expected integer, but the literal is a number.")]
    [InlineData("level", "7", "At most 3.")]
    [InlineData("fee", "'12.50'", "Expected number, but the literal is a string.")]
    [InlineData("urgent", "'yes'", "Expected boolean, but the literal is a string.")]
    [InlineData("template", "'reminder-9'", "Expected one of \"reminder-1\", \"reminder-2\".")]
    [InlineData("template", "({ name: 'reminder-1' })", "Expected string, but the literal is an object.")]
    public void Validate_WrongLiteral_ReportsTypeAtInput(string field, string literal, string message)
    {
        var flow = RemindFlow(a =>
        {
            a.Input("invoiceId", "input.invoiceId");
            if (field != "level") a.Input("level", "1");
            a.Input(field, literal);
        });

        Assert.Equal([new FlowValidationError($"steps[0].input.{field}", message)], Validate(flow));
    }

    [Fact]
    public void Validate_ExpressionInput_IsNotTypeCheckedButMustParse()
    {
        Assert.Empty(Validate(RemindFlow(a => a.Input("invoiceId", "input.invoiceId").Input("level", "input.invoiceId.length > 3 ? 'x' : 2"))));

        var error = Assert.Single(Validate(RemindFlow(a => a.Input("invoiceId", "input.invoiceId").Input("level", "1 +"))));
        Assert.Equal("steps[0].input.level", error.Path);
        Assert.StartsWith("Syntax error", error.Message);
    }

    [Fact]
    public void Validate_InlineAuthorizationHeader_RefusedEvenInNestedStep()
    {
        var flow = Flow.Define("f", "F")
            .If("c", "true", then: t => t.Activity("call", "http.request", a => a
                .Input("url", "'https://crm.example.ch/api/orders'")
                .Input("headers", "({ 'Content-Type': 'application/json', authorization: 'Bearer abc123' })")))
            .Build();

        var error = Assert.Single(Validate(flow));
        Assert.Equal("steps[0].then[0].input.headers.authorization", error.Path);
        Assert.Contains("must name a secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("({ Authorization: 'Bearer ' + 'abc' })")]
    [InlineData("({ 'X-Api-Key': 'k' })")]
    [InlineData("({ Authorization: { secret: 'crm', extra: 1 } })")]
    public void Validate_CredentialHeaderNotASecretReference_Refused(string headers)
    {
        var flow = Flow.Define("f", "F").Activity("call", "http.request", a => a.Input("url", "'https://x.example/'").Input("headers", headers)).Build();

        Assert.Single(Validate(flow));
    }

    [Fact]
    public void Validate_AuthorizationBySecretReference_Accepted()
    {
        var flow = Flow.Define("f", "F").Activity("call", "http.request", a => a
            .Input("method", "'POST'").Input("url", "'https://crm.example.ch/api/orders'")
            .Input("headers", "({ Authorization: { secret: 'crm-token', prefix: 'Bearer ' }, Accept: 'application/json' })")
            .Input("body", "({ id: 1 })").Input("timeout", "'PT10S'")).Build();

        Assert.Empty(Validate(flow));
    }

    [Theory]
    [InlineData("""{ "type": "http", "slug": "crm-order", "auth": "basic" }""", "trigger.auth")]
    [InlineData("""{ "type": "http", "slug": "crm-order", "auth": "hmac-sha256" }""", "trigger.secret")]
    [InlineData("""{ "type": "http", "slug": "crm-order", "auth": "bearer", "secret": "s" }""", "trigger.secret")]
    [InlineData("""{ "type": "http", "slug": "crm/order", "auth": "bearer" }""", "trigger.slug")]
    [InlineData("""{ "type": "timer", "slug": "crm-order", "auth": "bearer" }""", "trigger.type")]
    public void Validate_BadTrigger_ReportsTriggerField(string trigger, string path)
    {
        var json = $$"""{ "id": "f", "version": 1, "name": "F", "trigger": {{trigger}}, "steps": [ { "kind": "complete", "id": "done" } ] }""";

        Assert.Equal(path, Assert.Single(Validate(FlowJson.Deserialize(json))).Path);
    }

    [Fact]
    public void Validate_GoodTrigger_RoundTripsThroughJson()
    {
        var json = """{ "id": "f", "version": 1, "name": "F", "trigger": { "type": "http", "slug": "crm-order", "auth": "hmac-sha256", "secret": "crm-hook", "company": "HYPERVISUAL" }, "steps": [ { "kind": "complete", "id": "done" } ] }""";
        var definition = FlowJson.Deserialize(json);

        Assert.Empty(Validate(definition));
        Assert.Equal(definition.Trigger, FlowJson.Deserialize(FlowJson.Serialize(definition)).Trigger);
    }
}
