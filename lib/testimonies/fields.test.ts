import { describe, expect, it } from "vitest";
import { backgroundFields, detentionFields, effectsFields, fieldsOf, incidentActsFields, incidentPlaceFields, informantFields, interpreterFields, interviewFields, perpetratorFields, type FieldTable } from "./fields";
import { z } from "zod";
import { backgroundSchema, detentionSchema, effectsSchema, incidentSchema, informantRoles, informantSchema, interviewSchema } from "./schema";

/** A part's own fields (not its nested parts or lists), in the schema's order: what the form must offer and the statement must show. */
const textKeys = (part: z.ZodObject<z.ZodRawShape>) =>
  Object.entries(part.shape)
    .filter(([, field]) => !(field instanceof z.ZodObject) && !(field instanceof z.ZodArray))
    .map(([key]) => key);

const names = (...tables: FieldTable[]) => fieldsOf(...tables).map((f) => f.name);

describe("the testimony field tables", () => {
  it.each([
    ["interview", interviewSchema, [interviewFields]],
    ["interview.interpreter", interviewSchema.shape.interpreter, [interpreterFields]],
    ["informant", informantSchema, [informantFields]],
    ["background", backgroundSchema, [backgroundFields]],
    ["detention item", detentionSchema, [detentionFields]],
    ["incident", incidentSchema, [incidentPlaceFields, incidentActsFields]],
    ["perpetrator", incidentSchema.shape.perpetrators.element, [perpetratorFields]],
    ["effects", effectsSchema, [effectsFields]],
  ] as const)("name every text field of %s exactly once", (_, part, tables) => {
    const listed = names(...tables);
    // In the schema's order: the court PDF lists fields in that order, the print view in the tables'.
    expect(listed).toEqual(textKeys(part));
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("give the informant's role its schema's choices and every date and time its kind", () => {
    expect(fieldsOf(informantFields).find((f) => f.name === "role")).toMatchObject({ kind: "choice", options: informantRoles });
    const kinds = Object.fromEntries(fieldsOf(incidentPlaceFields).map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({ dateFrom: "date", dateTo: "date", time: "time", location: "line" });
    expect(fieldsOf(detentionFields, backgroundFields, effectsFields, incidentActsFields).filter((f) => f.kind === "text").every((f) => (f.rows ?? 0) > 0)).toBe(true);
  });
});
