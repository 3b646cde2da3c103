---- MODULE Plain ----
(* No standard module: `+` means the spec's own definition, if any. *)
VARIABLE x
a (+) b == <<a, b>>
Init == x = "a"
Next == x' = x
====
