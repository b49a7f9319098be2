using Finance.Core.Companies;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Notifications;
using Finance.Core.Notifications.Email;
using Finance.Core.Notifications.Webhooks;
using Finance.Workflows.Engines;
using Npgsql;

namespace Finance.Workflows.Notifications;

public sealed record NotificationResult(Guid NotificationId, bool Created, int Emailed, int Webhooks);

/// <summary>
/// The one way flows tell people something. In one transaction: the in-app notification, its <c>notification.created</c>
/// event (the SSE stream carries it to open inboxes) and a delivery plus a <c>webhook.delivery</c> flow start per
/// subscribed webhook endpoint (the engine retries them). Then the e-mails, each sent once per step and recipient.
/// </summary>
public sealed class NotificationDispatcher(NpgsqlDataSource dataSource, NotificationStore store, NotificationTemplates templates,
    RecipientDirectory directory, CompanyStore companies, EmailSender email, OutboxWriter outbox, FlowStartOutbox starts, TimeProvider clock)
{
    public const string CreatedEvent = "notification.created";

    public async Task<NotificationResult> NotifyAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var company = await companies.FindAsync(request.Company, cancellationToken)
            ?? throw new NotFoundException($"No company {request.Company}.", "company.not_found");
        var text = templates.Render(request.Topic, company.DefaultLanguage, company.Name, request.Data, request.Link);

        Notification notification;
        bool created;
        var webhooks = 0;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            (notification, created) = await store.WriteAsync(transaction, request, text, cancellationToken);
            if (created)
            {
                await outbox.AppendAsync(transaction, CreatedEvent, company.Code, new
                {
                    id = notification.Id,
                    topic = notification.Topic,
                    roles = notification.Roles,
                    title = notification.Title,
                    link = notification.Link,
                }, cancellationToken);
                var deliveries = await WebhookDeliveries.CreateAsync(transaction, notification.Id, clock.GetUtcNow(), cancellationToken);
                foreach (var delivery in deliveries)
                {
                    await starts.AppendAsync(transaction, new StartFlowRequest(NotificationFlows.WebhookDeliveryId,
                        new() { ["deliveryId"] = delivery.ToString() }, company.Code, notification.Id.ToString(),
                        InstanceId: NotificationFlows.DeliveryInstanceId(delivery)), cancellationToken);
                }
                webhooks = deliveries.Count;
            }
            await transaction.CommitAsync(cancellationToken);
        }

        var emailed = 0;
        foreach (var recipient in await RecipientsAsync(request, company, cancellationToken))
        {
            var mail = recipient.Language == company.DefaultLanguage
                ? text
                : templates.Render(request.Topic, recipient.Language, company.Name, request.Data, request.Link);
            await email.SendAsync(new EmailMessage($"{request.IdempotencyKey}:{recipient.Email}", company.Code,
                new EmailAddress(recipient.Email, recipient.Name), mail.Title, mail.Body, []), cancellationToken);
            emailed++;
        }
        return new NotificationResult(notification.Id, created, emailed, webhooks);
    }

    // Nobody in the directory for these roles: the company's own finance address hears it rather than no one.
    private async Task<IReadOnlyList<NotificationRecipient>> RecipientsAsync(NotificationRequest request, Company company, CancellationToken cancellationToken)
    {
        var found = await directory.ForAsync(company.Code, request.Roles, request.Topic, cancellationToken);
        return found.Count > 0
            ? found
            : [new NotificationRecipient(Guid.Empty, company.Code, company.Name, company.Email, company.DefaultLanguage, request.Roles, [])];
    }

    private static void Validate(NotificationRequest request)
    {
        var errors = new FieldErrors();
        if (!NotificationTopics.IsValid(request.Topic)) errors.Add("topic", "A topic is a short lower-case name such as bill.review.");
        if (request.Roles.Count == 0 || request.Roles.Any(r => !NotificationRoles.All.Contains(r)))
        {
            errors.Add("roles", $"Roles must be some of {string.Join(", ", NotificationRoles.All)}.");
        }
        errors.ThrowIfAny();
    }
}
