using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>Valid bodies as the API's own clients write them (the README's examples): the suites send and mutate them.</summary>
public static class ExampleBodies
{
    public static JsonNode Customer(string company) => Json($$"""
        {"company":"{{company}}","name":"Müller & Fils SA",
         "address":{"street":"Rue du Marché","buildingNumber":"4","postalCode":"1204","town":"Genève","country":"CH"},
         "language":"fr","email":"compta@muller.example","paymentTermsDays":30,"vatNumber":"CHE-999.888.777 TVA"}
        """);

    public static JsonNode Invoice(string company, Guid customerId) => Json($$"""
        {"company":"{{company}}","customerId":"{{customerId}}","currency":"CHF","invoiceDate":"2026-03-02","cashRounding":false,"notes":"March",
         "lines":[{"description":"Conseil","quantity":2,"unitPrice":500.00,"discountPercent":10,"vatRate":8.1}]}
        """);

    /// <summary>A definition using every kind of value the designer writes: strings, expressions, a duration, numbers, arrays.</summary>
    public static JsonNode FlowDefinition(string id) => Json($$"""
        {"id":"{{id}}","version":1,"name":"Hardening example","description":"Waits for go, then records it","input":["invoiceId"],
         "steps":[
           {"kind":"wait","id":"await-go","signal":"go","timeout":"P14D","output":"go","onTimeout":[{"kind":"fail","id":"late","reason":"'too late'"}]},
           {"kind":"activity","id":"record","name":"diag.noop","input":{"amount":"vars.go.amount"},
            "retry":{"maxAttempts":3,"initialInterval":"PT1S","backoffCoefficient":2,"maximumInterval":"PT1M"},"output":"recorded"},
           {"kind":"complete","id":"done","output":"({ amount: vars.go.amount })"}]}
        """);

    public static JsonNode Payment() => Json("""{"date":"2026-03-01","amount":100.00,"currency":"CHF","reference":"bank statement 42"}""");

    public static JsonNode CreditNote() => Json("""
        {"date":"2026-03-01","notes":"Goodwill","lines":[{"description":"Goodwill","quantity":1,"unitPrice":100.00,"discountPercent":0,"vatRate":8.1}]}
        """);

    public static JsonNode StartFlow(string flowId, string company) => Json($$"""
        {"flowId":"{{flowId}}","input":{"note":"hello"},"company":"{{company}}","correlationId":"order-{{Guid.NewGuid():N}}","version":1}
        """);

    public static JsonNode Json(string json) => JsonNode.Parse(json)!;
}
