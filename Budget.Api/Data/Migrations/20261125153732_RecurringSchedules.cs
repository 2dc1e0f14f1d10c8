using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecurringSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "schedule_id",
                table: "transactions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "scheduled_for",
                table: "transactions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "schedules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    budget_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    frequency = table.Column<string>(type: "TEXT", nullable: false),
                    interval = table.Column<int>(type: "INTEGER", nullable: false),
                    weekday = table.Column<string>(type: "TEXT", nullable: true),
                    day_of_month = table.Column<int>(type: "INTEGER", nullable: true),
                    month = table.Column<int>(type: "INTEGER", nullable: true),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    handled_through = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedules", x => x.id);
                    table.ForeignKey(
                        name: "FK_schedules_budgets_budget_id",
                        column: x => x.budget_id,
                        principalTable: "budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_transactions_schedule_id_scheduled_for",
                table: "transactions",
                columns: new[] { "schedule_id", "scheduled_for" },
                unique: true,
                filter: "schedule_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_schedules_budget_id",
                table: "schedules",
                column: "budget_id");

            migrationBuilder.CreateIndex(
                name: "IX_schedules_budget_id_idempotency_key",
                table: "schedules",
                columns: new[] { "budget_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_schedules_handled_through",
                table: "schedules",
                column: "handled_through");

            migrationBuilder.AddForeignKey(
                name: "FK_transactions_schedules_schedule_id",
                table: "transactions",
                column: "schedule_id",
                principalTable: "schedules",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_transactions_schedules_schedule_id",
                table: "transactions");

            migrationBuilder.DropTable(
                name: "schedules");

            migrationBuilder.DropIndex(
                name: "IX_transactions_schedule_id_scheduled_for",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "schedule_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "scheduled_for",
                table: "transactions");
        }
    }
}
