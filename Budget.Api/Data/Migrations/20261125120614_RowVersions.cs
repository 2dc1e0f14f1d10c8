using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class RowVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows that exist before the upgrade start at version 1, like new ones.
            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "profiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "nodes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "goals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "flows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "budgets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "profiles");

            migrationBuilder.DropColumn(
                name: "version",
                table: "nodes");

            migrationBuilder.DropColumn(
                name: "version",
                table: "goals");

            migrationBuilder.DropColumn(
                name: "version",
                table: "flows");

            migrationBuilder.DropColumn(
                name: "version",
                table: "budgets");
        }
    }
}
