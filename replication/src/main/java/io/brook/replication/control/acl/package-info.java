/**
 * Authorization: the ACL model ({@link io.brook.replication.control.acl.AclBinding}: a principal, a
 * {@link io.brook.replication.control.acl.ResourcePattern}, an operation, allow or deny), the decision
 * ({@link io.brook.replication.control.acl.Authorizer}, an immutable indexed snapshot of the bindings and
 * the super users), list/remove filters ({@link io.brook.replication.control.acl.AclFilter}) and the
 * versioned byte format of a list of bindings ({@link io.brook.replication.control.acl.AclCodec}). It is
 * pure: no I/O, no network, no threads. Storing the bindings in the metadata log and asking the authorizer
 * from request handlers (and skipping it when {@code authorization.enabled} is false) belong to the
 * packages that use this one. Depends on the JDK only.
 */
package io.brook.replication.control.acl;
