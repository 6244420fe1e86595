"use client";

import { useTranslations } from "next-intl";
import { useFieldArray, type FieldArray, type FieldArrayPath } from "react-hook-form";
import { isBlank, type Testimony } from "@/lib/testimonies/schema";
import { Button } from "../../form/button";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, type SectionProps } from "./shared";

/** A list in the testimony: "detention", "interview.present", "incidents.2.perpetrators"… */
export type ListName = FieldArrayPath<Testimony>;

/**
 * A list's key in the messages: its path without indices, joined by "_"
 * ("incidents.2.perpetrators" → "incidents_perpetrators"). Under it:
 * heading.<key> names an item ("Perpetrator {n}"), remove.<key> its Remove
 * button, add.<key> the Add button and, for a list inside an item,
 * add.<key>For that button's fuller name ("Add perpetrator to incident {incident}").
 */
const messageKey = (name: ListName) =>
  name
    .split(".")
    .filter((part) => !/^\d+$/.test(part))
    .join("_");

/**
 * The repeatable part of a list: its items, its own error, and "Add…". The
 * caller puts it in the list's frame (a section, a fieldset with a legend)
 * and renders one item's fields with `children`.
 *
 * Removing an item moves focus to "Add…", since the item's own Remove button
 * has gone with it. In the "group" layout an item is a bordered group named
 * by its heading, and removing one with something typed in it asks first; in
 * the "inline" layout an item is one field (labelled by the heading) beside
 * its Remove button, which removes at once.
 */
export function RepeatableList<N extends ListName>({
  form,
  fieldError,
  name,
  emptyItem,
  within,
  layout = "group",
  children,
}: SectionProps & {
  name: N;
  /** What "Add…" appends; copied, so no two items share an array or object. */
  emptyItem: FieldArray<Testimony, N>;
  /** For a list inside an item, that item's 1-based number ({ incident: 2 }): the Add and Remove buttons name it. */
  within?: Record<string, number>;
  layout?: "group" | "inline";
  /** One item's fields; `heading` is the item's name ("Witness 2"). */
  children: (index: number, heading: string) => React.ReactNode;
}) {
  const t = useTranslations("testimony");
  const list = useFieldArray({ control: form.control, name });
  const add = useAddButton();
  const key = messageKey(name);
  const removeAt = (index: number) => {
    list.remove(index);
    add.focusAdd();
  };

  return (
    <>
      {list.fields.map((field, i) => {
        const heading = t(`heading.${key}`, { n: i + 1 });
        const removeLabel = t(`remove.${key}`, { n: i + 1, ...within });
        if (layout === "inline") {
          return (
            <div key={field.id} className="flex items-end gap-2">
              <div className="flex-1">{children(i, heading)}</div>
              <Button type="button" variant="quiet" aria-label={removeLabel} onClick={() => removeAt(i)}>
                {t("remove.label")}
              </Button>
            </div>
          );
        }
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={removeLabel}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`${name}.${i}`))}
                onRemove={() => removeAt(i)}
              />
            }
          >
            {children(i, heading)}
          </ItemGroup>
        );
      })}
      <ListError message={fieldError(name)} />
      <AddItemButton addRef={add.ref} label={within && t(`add.${key}For`, within)} onAdd={() => list.append(structuredClone(emptyItem))}>
        {t(`add.${key}`)}
      </AddItemButton>
    </>
  );
}
