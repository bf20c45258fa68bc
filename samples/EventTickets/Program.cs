// EventTickets: a ticketing platform where an organizer asks for pricing rules in words and a manager approves them
// in the browser. `dotnet run --project samples/EventTickets`, then open the address it prints.
var app = EventTickets.EventTicketsApp.Build(args);
await app.RunAsync();
